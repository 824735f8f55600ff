// The Thrift client's distributor calls (feed_batch with each kind of operation, visit) against
// FakeContentNode: the requests arrive whole, every outcome comes back as a value, and an
// operation's error comes back as its code. Every wait is bounded.

#include <boost/test/unit_test.hpp>

#include <optional>

#include "services/rpc/thrift_content_client.h"
#include "tests/unit/services/rpc/fake_content_node.h"

namespace grove::rpc {

namespace {

using namespace std::chrono_literals;
using testing::FakeContentNode;

Deadline in(Duration d) {
  return Deadline::after(SystemClock::instance(), d);
}

// Issues one call through `issue` and runs `io` until its callback ran (at most 10 s).
template <typename Reply, typename Issue>
Result<Reply> call(boost::asio::io_context& io, Issue issue) {
  std::optional<Result<Reply>> out;
  issue([&](Result<Reply> r) { out.emplace(std::move(r)); });
  if (io.stopped()) io.restart();
  auto guard = boost::asio::make_work_guard(io);
  auto until = std::chrono::steady_clock::now() + 10s;
  while (!out && std::chrono::steady_clock::now() < until) io.run_one_for(10ms);
  BOOST_REQUIRE(out.has_value());
  return std::move(*out);
}

// One operation as a feed_batch of one: its reply, or its error as a Status.
Result<protocol::FeedReply> feed_one(boost::asio::io_context& io, ThriftContentClient& client,
                                     protocol::FeedOperation op) {
  auto batch = call<protocol::FeedBatchReply>(io, [&](auto done) {
    client.feed_batch({{std::move(op)}}, in(2s), done);
  });
  if (!batch.ok()) return batch.status();
  BOOST_REQUIRE_EQUAL(batch->replies.size(), 1u);
  protocol::FeedReply& reply = batch->replies[0];
  if (reply.error) return Status(*reply.error, reply.message);
  return reply;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(async_feed_calls)

BOOST_AUTO_TEST_CASE(a_put_sends_the_document_bytes_and_returns_the_outcome) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  protocol::FeedPut request;
  request.document_id = "id:ns:music::a";
  request.document = std::string(17, 'x');
  auto reply =
      feed_one(io, client, {request, std::nullopt});
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST((reply->outcome == protocol::FeedOutcome::kOk));
  BOOST_TEST(reply->timestamp == 17);
}

BOOST_AUTO_TEST_CASE(wrong_distribution_is_a_reply_carrying_the_owners_cluster_state) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  protocol::FeedPut request;
  request.document_id = "id:ns:music::elsewhere";
  auto reply =
      feed_one(io, client, {request, std::nullopt});
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST((reply->outcome == protocol::FeedOutcome::kWrongDistribution));
  BOOST_TEST(reply->cluster_state_version == 3);
  BOOST_TEST(reply->cluster_state == "version:3 distributor:2 storage:2");
}

BOOST_AUTO_TEST_CASE(
    an_update_carries_create_and_the_update_json_and_a_bad_condition_is_invalid_argument) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  protocol::FeedUpdate request;
  request.document_id = "id:ns:music::a";
  request.update_json = R"({"fields":{"year":{"increment":1}}})";
  auto missing =
      feed_one(io, client, {request, std::nullopt});
  BOOST_REQUIRE(missing.ok());
  BOOST_TEST((missing->outcome == protocol::FeedOutcome::kNotFound));
  BOOST_TEST(missing->message == request.update_json);
  request.create = true;
  auto created =
      feed_one(io, client, {request, std::nullopt});
  BOOST_REQUIRE(created.ok());
  BOOST_TEST((created->outcome == protocol::FeedOutcome::kOk));
  request.condition = "bad";
  auto bad =
      feed_one(io, client, {request, std::nullopt});
  BOOST_TEST(bad.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(bad.status().message() == "bad condition");
  BOOST_TEST(client.healthy());
}

BOOST_AUTO_TEST_CASE(a_remove_sends_its_condition) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  protocol::FeedRemove request;
  request.document_id = "id:ns:music::a";
  auto plain =
      feed_one(io, client, {request, std::nullopt});
  BOOST_REQUIRE(plain.ok());
  BOOST_TEST((plain->outcome == protocol::FeedOutcome::kOk));
  request.condition = "music.year > 2000";
  auto conditional =
      feed_one(io, client, {request, std::nullopt});
  BOOST_REQUIRE(conditional.ok());
  BOOST_TEST((conditional->outcome == protocol::FeedOutcome::kConditionNotMet));
}

BOOST_AUTO_TEST_CASE(visit_resumes_after_the_last_bucket_until_done) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  protocol::VisitRequest request;
  request.document_type = "music";
  request.max_documents = 2;
  std::vector<std::string> ids;
  for (int page = 0; page < 10; ++page) {
    auto reply =
        call<protocol::VisitReply>(io, [&](auto done) { client.visit(request, in(2s), done); });
    BOOST_REQUIRE(reply.ok());
    for (const auto& d : reply->documents) ids.push_back(d.document_id);
    if (reply->done) break;
    request.after_bucket = reply->last_bucket;
    request.after_gid = reply->last_gid;
  }
  BOOST_TEST(ids == (std::vector<std::string>{"id:ns:music::1", "id:ns:music::2", "id:ns:music::3",
                                              "id:ns:music::4", "id:ns:music::5"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(feed_call_to_a_dead_node_is_unavailable) {
  boost::asio::io_context io;
  uint16_t port = 0;
  {
    FakeContentNode node;
    port = node.port();
  }
  ThriftContentClient client(io, "127.0.0.1", port);
  protocol::FeedRemove request;
  request.document_id = "id:ns:music::a";
  auto reply =
      feed_one(io, client, {request, std::nullopt});
  BOOST_TEST(reply.status().code() == StatusCode::kUnavailable);
  BOOST_TEST(!client.healthy());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::rpc
