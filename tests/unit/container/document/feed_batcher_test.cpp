// FeedBatcher against FakeContentNode (whose canned answers are described in its header):
// natural batching (sent at once while a call slot is free, queued behind calls in flight and
// sent together when one returns), the size limit, one answer per operation (outcomes and
// per-operation errors), a failed call failing exactly the operations it carried, and a call
// per operation when batching is off. Every wait is bounded.

#include "container/document/feed_batcher.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "services/rpc/thrift_content_client.h"
#include "tests/unit/services/rpc/fake_content_node.h"

namespace grove::container {

namespace {

using namespace std::chrono_literals;
using rpc::testing::FakeContentNode;

Deadline in(Duration d) {
  return Deadline::after(SystemClock::instance(), d);
}

protocol::FeedOperation put(const std::string& id, std::string document = "doc") {
  return {protocol::FeedPut{id, std::move(document), std::nullopt}, std::nullopt};
}

protocol::FeedOperation update(const std::string& id, std::optional<std::string> condition = {}) {
  return {protocol::FeedUpdate{id, R"({"fields":{}})", std::move(condition), false}, std::nullopt};
}

protocol::FeedOperation remove(const std::string& id, std::optional<std::string> condition = {}) {
  return {protocol::FeedRemove{id, std::move(condition)}, std::nullopt};
}

// A fake node, a client on a running io_context, and a batcher in front of it.
struct Fixture {
  explicit Fixture(FeedBatchOptions options, bool dead_node = false) {
    uint16_t port = node.port();
    if (dead_node) {
      FakeContentNode gone;
      port = gone.port();
    }
    client = std::make_unique<rpc::ThriftContentClient>(io, "127.0.0.1", port);
    batcher = std::make_unique<FeedBatcher>(*client, options);
    thread = std::thread([this] { io.run(); });
  }
  ~Fixture() {
    client->shutdown();
    guard.reset();
    thread.join();
  }

  std::future<Result<protocol::FeedReply>> submit(protocol::FeedOperation op, Deadline deadline = in(10s)) {
    auto promise = std::make_shared<std::promise<Result<protocol::FeedReply>>>();
    auto future = promise->get_future();
    batcher->submit(std::move(op), deadline,
                    [promise](Result<protocol::FeedReply> r) { promise->set_value(std::move(r)); });
    return future;
  }
  static Result<protocol::FeedReply> get(std::future<Result<protocol::FeedReply>>& f) {
    BOOST_REQUIRE(f.wait_for(10s) == std::future_status::ready);
    return f.get();
  }
  void wait_for_requests(size_t n) {
    for (int i = 0; i < 1000 && node.requests() < n; ++i) std::this_thread::sleep_for(5ms);
    BOOST_REQUIRE_EQUAL(node.requests(), n);
  }

  FakeContentNode node;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{io.get_executor()};
  std::unique_ptr<rpc::ThriftContentClient> client;
  std::unique_ptr<FeedBatcher> batcher;
  std::thread thread;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(feed_batcher)

BOOST_AUTO_TEST_CASE(an_operation_is_sent_at_once_while_a_call_slot_is_free) {
  Fixture f({.max_batch_size = 64, .max_calls_in_flight = 1});
  auto reply = f.submit(put("id:ns:music::a", "12345"));
  auto r = Fixture::get(reply);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST(r->timestamp == 5);  // the fake answers the document's size
  BOOST_TEST(f.node.requests() == 1u);
}

BOOST_AUTO_TEST_CASE(operations_queued_behind_a_call_in_flight_go_together_in_the_next_call) {
  Fixture f({.max_batch_size = 64, .max_calls_in_flight = 1});
  f.node.set_mode(FakeContentNode::Mode::kHold);
  auto held = f.submit(put("id:ns:music::held"), in(300ms));
  f.wait_for_requests(1);
  std::vector<std::future<Result<protocol::FeedReply>>> queued;
  for (int i = 0; i < 5; ++i)
    queued.push_back(f.submit(put("id:ns:music::q" + std::to_string(i), std::string(i + 1, 'x'))));
  BOOST_TEST(f.batcher->waiting() == 5u);
  f.node.set_mode(FakeContentNode::Mode::kAnswer);
  BOOST_TEST(Fixture::get(held).status().code() == StatusCode::kDeadlineExceeded);
  for (int i = 0; i < 5; ++i) {
    auto r = Fixture::get(queued[i]);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    BOOST_TEST(r->timestamp == i + 1);  // each its own reply, in order
  }
  BOOST_TEST(f.node.requests() == 2u);  // the held call, then one batch of five
}

BOOST_AUTO_TEST_CASE(batches_are_cut_at_the_size_limit) {
  Fixture f({.max_batch_size = 2, .max_calls_in_flight = 1});
  f.node.set_mode(FakeContentNode::Mode::kHold);
  auto held = f.submit(put("id:ns:music::held"), in(300ms));
  f.wait_for_requests(1);
  std::vector<std::future<Result<protocol::FeedReply>>> queued;
  for (int i = 0; i < 5; ++i) queued.push_back(f.submit(put("id:ns:music::q" + std::to_string(i))));
  f.node.set_mode(FakeContentNode::Mode::kAnswer);
  (void)Fixture::get(held);
  for (auto& q : queued) BOOST_TEST(Fixture::get(q).ok());
  BOOST_TEST(f.node.requests() == 4u);  // held, then 2 + 2 + 1
}

BOOST_AUTO_TEST_CASE(each_operation_of_a_batch_gets_its_own_answer) {
  Fixture f({.max_batch_size = 64, .max_calls_in_flight = 1});
  f.node.set_mode(FakeContentNode::Mode::kHold);
  auto held = f.submit(put("id:ns:music::held"), in(300ms));
  f.wait_for_requests(1);
  auto ok = f.submit(put("id:ns:music::a"));
  auto moved = f.submit(put("id:ns:music::elsewhere"));
  auto refused = f.submit(update("id:ns:music::b", "bad"));
  auto not_found = f.submit(update("id:ns:music::c"));
  auto not_met = f.submit(remove("id:ns:music::d", "music.year > 1"));
  f.node.set_mode(FakeContentNode::Mode::kAnswer);
  (void)Fixture::get(held);
  BOOST_TEST((Fixture::get(ok)->outcome == protocol::FeedOutcome::kOk));
  auto wrong = Fixture::get(moved);
  BOOST_TEST((wrong->outcome == protocol::FeedOutcome::kWrongDistribution));
  BOOST_TEST(wrong->cluster_state == "version:3 distributor:2 storage:2");
  auto error = Fixture::get(refused);
  BOOST_TEST(error.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(error.status().message() == "bad condition");
  BOOST_TEST((Fixture::get(not_found)->outcome == protocol::FeedOutcome::kNotFound));
  BOOST_TEST((Fixture::get(not_met)->outcome == protocol::FeedOutcome::kConditionNotMet));
  BOOST_TEST(f.node.requests() == 2u);
}

BOOST_AUTO_TEST_CASE(a_failed_call_fails_every_operation_it_carried) {
  Fixture f({.max_batch_size = 64, .max_calls_in_flight = 1}, /*dead_node=*/true);
  std::vector<std::future<Result<protocol::FeedReply>>> replies;
  for (int i = 0; i < 4; ++i) replies.push_back(f.submit(put("id:ns:music::" + std::to_string(i))));
  for (auto& r : replies) BOOST_TEST(Fixture::get(r).status().code() == StatusCode::kUnavailable);
  BOOST_TEST(f.batcher->waiting() == 0u);
}

BOOST_AUTO_TEST_CASE(batch_size_zero_sends_one_call_per_operation) {
  Fixture f({.max_batch_size = 0, .max_calls_in_flight = 1});
  f.node.set_mode(FakeContentNode::Mode::kHold);
  std::vector<std::future<Result<protocol::FeedReply>>> replies;
  for (int i = 0; i < 3; ++i)
    replies.push_back(f.submit(put("id:ns:music::" + std::to_string(i)), in(300ms)));
  f.wait_for_requests(3);  // none waited for another
  for (auto& r : replies)
    BOOST_TEST(Fixture::get(r).status().code() == StatusCode::kDeadlineExceeded);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::container
