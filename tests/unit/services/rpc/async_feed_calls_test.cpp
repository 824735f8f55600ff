// The async client's distributor calls (feed_put, feed_update, feed_remove, visit) against
// FakeContentNode: the requests arrive whole, every outcome comes back as a value, and a node
// error comes back as its Status. Every wait is bounded.

#include <boost/test/unit_test.hpp>

#include <optional>

#include "services/rpc/async_content_client.h"
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

}  // namespace

BOOST_AUTO_TEST_SUITE(async_feed_calls)

BOOST_AUTO_TEST_CASE(feed_put_sends_the_document_bytes_and_returns_the_outcome) {
  FakeContentNode node;
  boost::asio::io_context io;
  AsyncContentClient client(io, "127.0.0.1", node.port());
  wire::FeedPutRequest request;
  request.document_id = "id:ns:music::a";
  request.document = std::string(17, 'x');
  auto reply =
      call<wire::FeedReply>(io, [&](auto done) { client.feed_put(request, in(2s), done); });
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST(reply->outcome == wire::FeedOutcome::OK);
  BOOST_TEST(reply->timestamp == 17);
}

BOOST_AUTO_TEST_CASE(wrong_distribution_is_a_reply_carrying_the_owners_cluster_state) {
  FakeContentNode node;
  boost::asio::io_context io;
  AsyncContentClient client(io, "127.0.0.1", node.port());
  wire::FeedPutRequest request;
  request.document_id = "id:ns:music::elsewhere";
  auto reply =
      call<wire::FeedReply>(io, [&](auto done) { client.feed_put(request, in(2s), done); });
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST(reply->outcome == wire::FeedOutcome::WRONG_DISTRIBUTION);
  BOOST_TEST(reply->cluster_state_version == 3);
  BOOST_TEST(reply->cluster_state == "version:3 distributor:2 storage:2");
}

BOOST_AUTO_TEST_CASE(
    feed_update_carries_create_and_the_update_json_and_a_bad_condition_is_invalid_argument) {
  FakeContentNode node;
  boost::asio::io_context io;
  AsyncContentClient client(io, "127.0.0.1", node.port());
  wire::FeedUpdateRequest request;
  request.document_id = "id:ns:music::a";
  request.update_json = R"({"fields":{"year":{"increment":1}}})";
  auto missing =
      call<wire::FeedReply>(io, [&](auto done) { client.feed_update(request, in(2s), done); });
  BOOST_REQUIRE(missing.ok());
  BOOST_TEST(missing->outcome == wire::FeedOutcome::NOT_FOUND);
  BOOST_TEST(missing->message == request.update_json);
  request.create = true;
  auto created =
      call<wire::FeedReply>(io, [&](auto done) { client.feed_update(request, in(2s), done); });
  BOOST_REQUIRE(created.ok());
  BOOST_TEST(created->outcome == wire::FeedOutcome::OK);
  request.__set_condition("bad");
  auto bad =
      call<wire::FeedReply>(io, [&](auto done) { client.feed_update(request, in(2s), done); });
  BOOST_TEST(bad.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(bad.status().message() == "bad condition");
  BOOST_TEST(client.healthy());
}

BOOST_AUTO_TEST_CASE(feed_remove_sends_its_condition) {
  FakeContentNode node;
  boost::asio::io_context io;
  AsyncContentClient client(io, "127.0.0.1", node.port());
  wire::FeedRemoveRequest request;
  request.document_id = "id:ns:music::a";
  auto plain =
      call<wire::FeedReply>(io, [&](auto done) { client.feed_remove(request, in(2s), done); });
  BOOST_REQUIRE(plain.ok());
  BOOST_TEST(plain->outcome == wire::FeedOutcome::OK);
  request.__set_condition("music.year > 2000");
  auto conditional =
      call<wire::FeedReply>(io, [&](auto done) { client.feed_remove(request, in(2s), done); });
  BOOST_REQUIRE(conditional.ok());
  BOOST_TEST(conditional->outcome == wire::FeedOutcome::CONDITION_NOT_MET);
}

BOOST_AUTO_TEST_CASE(visit_resumes_after_the_last_bucket_until_done) {
  FakeContentNode node;
  boost::asio::io_context io;
  AsyncContentClient client(io, "127.0.0.1", node.port());
  wire::VisitRequest request;
  request.document_type = "music";
  request.max_documents = 2;
  std::vector<std::string> ids;
  for (int page = 0; page < 10; ++page) {
    auto reply =
        call<wire::VisitReply>(io, [&](auto done) { client.visit(request, in(2s), done); });
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
  AsyncContentClient client(io, "127.0.0.1", port);
  wire::FeedRemoveRequest request;
  request.document_id = "id:ns:music::a";
  auto reply =
      call<wire::FeedReply>(io, [&](auto done) { client.feed_remove(request, in(2s), done); });
  BOOST_TEST(reply.status().code() == StatusCode::kUnavailable);
  BOOST_TEST(!client.healthy());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::rpc
