// The async client against FakeContentNode: the real wire format, with failures on demand.
// Every wait is bounded; the io_context runs on the test's thread unless a case says otherwise.

#include "services/rpc/thrift_content_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "tests/unit/services/rpc/fake_content_node.h"

namespace grove::rpc {

namespace {

using namespace std::chrono_literals;
using testing::FakeContentNode;

Deadline in(Duration d) { return Deadline::after(SystemClock::instance(), d); }

// Runs `io` on this thread until `done()` or `limit` passes; true when done.
template <typename Pred>
bool run_until(boost::asio::io_context& io, Pred done, Duration limit = 10s) {
  auto until = std::chrono::steady_clock::now() + limit;
  // Dropping the last work guard with nothing pending stops the io_context: restart it.
  if (io.stopped()) io.restart();
  auto guard = boost::asio::make_work_guard(io);
  while (!done() && std::chrono::steady_clock::now() < until) io.run_one_for(10ms);
  return done();
}

// Collects results of one type; single-threaded use.
template <typename T>
struct Results {
  protocol::Callback<T> callback() {
    return [this](Result<T> r) { results.push_back(std::move(r)); };
  }
  std::vector<Result<T>> results;
};

protocol::SearchRequest search_for(int hits, const std::string& field = "title") {
  protocol::SearchRequest request;
  request.document_type = "music";
  request.hits = hits;
  request.query.nodes.resize(1);
  request.query.nodes[0].kind = protocol::QueryNodeKind::kTerm;
  request.query.nodes[0].field = field;
  request.query.nodes[0].term = "x";
  return request;
}

// A port on 127.0.0.1 that nothing listens on.
uint16_t closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(async_content_client)

BOOST_AUTO_TEST_CASE(ping_and_search_return_the_nodes_replies_on_a_reused_connection) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  Results<protocol::PingReply> pings;
  Results<protocol::SearchReply> searches;
  client.ping({}, in(2s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 1; }));
  for (int hits = 1; hits <= 5; ++hits) client.search(search_for(hits), in(2s), searches.callback());
  BOOST_REQUIRE(run_until(io, [&] { return searches.results.size() == 5; }));
  BOOST_REQUIRE(pings.results[0].ok());
  BOOST_TEST(pings.results[0]->distribution_key == 7);
  BOOST_TEST(pings.results[0]->cluster == "fake");
  std::vector<int64_t> totals;
  for (auto& r : searches.results) totals.push_back(r.value().total_hits);
  std::sort(totals.begin(), totals.end());
  BOOST_TEST(totals == (std::vector<int64_t>{1, 2, 3, 4, 5}), boost::test_tools::per_element());
  BOOST_TEST(client.healthy());
  BOOST_TEST(client.open_connections() <= 5u);
  // Connections still being opened when the last reply came are accepted soon after.
  BOOST_TEST(run_until(io, [&] { return node.accepted() == client.open_connections(); }));
}

BOOST_AUTO_TEST_CASE(callback_never_runs_inside_the_call) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  bool called = false;
  client.ping({}, Deadline(SteadyTime{}), [&](Result<protocol::PingReply>) { called = true; });  // expired
  BOOST_TEST(!called);
  BOOST_REQUIRE(run_until(io, [&] { return called; }));
}

BOOST_AUTO_TEST_CASE(node_error_arrives_as_its_status_and_keeps_the_connection) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  Results<protocol::SearchReply> searches;
  client.search(search_for(3, "unknown"), in(2s), searches.callback());
  BOOST_REQUIRE(run_until(io, [&] { return searches.results.size() == 1; }));
  client.search(search_for(3), in(2s), searches.callback());
  BOOST_REQUIRE(run_until(io, [&] { return searches.results.size() == 2; }));
  BOOST_TEST(searches.results[0].status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(searches.results[0].status().message() == "unknown field 'unknown'");
  BOOST_TEST(searches.results[1].ok());
  BOOST_TEST(node.accepted() == 1u);
  BOOST_TEST(client.healthy());
}

BOOST_AUTO_TEST_CASE(handler_exception_arrives_as_internal) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  Results<protocol::GetReply> gets;
  protocol::GetRequest request;
  request.document_id = "explode";
  client.get(request, in(2s), gets.callback());
  BOOST_REQUIRE(run_until(io, [&] { return gets.results.size() == 1; }));
  BOOST_TEST(gets.results[0].status().code() == StatusCode::kInternal);
  BOOST_TEST(client.healthy());
}

BOOST_AUTO_TEST_CASE(deadline_fires_on_time_when_the_node_does_not_answer_and_the_connection_is_dropped) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  Results<protocol::PingReply> pings;
  client.ping({}, in(2s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 1; }));
  node.set_mode(FakeContentNode::Mode::kHold);
  auto start = std::chrono::steady_clock::now();
  client.ping({}, in(150ms), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 2; }));
  auto elapsed = std::chrono::steady_clock::now() - start;
  BOOST_TEST(pings.results[1].status().code() == StatusCode::kDeadlineExceeded);
  BOOST_TEST(elapsed >= 145ms);
  BOOST_TEST(elapsed < 1s);
  BOOST_TEST(client.open_connections() == 0u);
  BOOST_TEST(client.healthy());  // slow is not down
  node.set_mode(FakeContentNode::Mode::kAnswer);
  client.ping({}, in(2s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 3; }));
  BOOST_TEST(pings.results[2].ok());
  BOOST_TEST(node.accepted() == 2u);  // a fresh connection, not the one with a reply pending
}

BOOST_AUTO_TEST_CASE(refused_connection_is_unavailable_and_marks_the_node_down) {
  boost::asio::io_context io;
  std::vector<bool> changes;
  NodePoolOptions options;
  options.on_health_change = [&](bool healthy) { changes.push_back(healthy); };
  ThriftContentClient client(io, "127.0.0.1", closed_port(), options);
  Results<protocol::PingReply> pings;
  for (int i = 0; i < 3; ++i) client.ping({}, in(2s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 3; }));
  for (auto& r : pings.results) BOOST_TEST(r.status().code() == StatusCode::kUnavailable);
  BOOST_TEST(!client.healthy());
  BOOST_TEST(changes == std::vector<bool>{false});
}

BOOST_AUTO_TEST_CASE(malformed_frame_is_unavailable_and_the_next_reply_marks_the_node_up) {
  FakeContentNode node;
  boost::asio::io_context io;
  std::vector<bool> changes;
  NodePoolOptions options;
  options.on_health_change = [&](bool healthy) { changes.push_back(healthy); };
  ThriftContentClient client(io, "127.0.0.1", node.port(), options);
  node.set_mode(FakeContentNode::Mode::kGarbageFrame);
  Results<protocol::PingReply> pings;
  client.ping({}, in(2s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 1; }));
  BOOST_TEST(pings.results[0].status().code() == StatusCode::kUnavailable);
  BOOST_TEST(pings.results[0].status().message().find("malformed frame") != std::string::npos);
  BOOST_TEST(!client.healthy());
  node.set_mode(FakeContentNode::Mode::kAnswer);
  client.ping({}, in(2s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 2; }));
  BOOST_TEST(pings.results[1].ok());
  BOOST_TEST(client.healthy());
  BOOST_TEST(changes == (std::vector<bool>{false, true}));
}

// A reply that arrives in pieces (the header alone, then the body in two parts) is put together
// across reads; a large one (3000 hits, about 70 KB, more than the connection's initial 16 KB
// buffer) too.
BOOST_AUTO_TEST_CASE(replies_in_pieces_and_replies_larger_than_the_buffer_arrive_whole) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  node.set_mode(FakeContentNode::Mode::kTrickle);
  Results<protocol::SearchReply> searches;
  client.search(search_for(25), in(5s), searches.callback());
  BOOST_REQUIRE(run_until(io, [&] { return searches.results.size() == 1; }));
  BOOST_REQUIRE(searches.results[0].ok());
  BOOST_TEST(searches.results[0]->total_hits == 25);
  node.set_mode(FakeContentNode::Mode::kAnswer);
  client.search(search_for(3000), in(5s), searches.callback());
  BOOST_REQUIRE(run_until(io, [&] { return searches.results.size() == 2; }));
  BOOST_REQUIRE(searches.results[1].ok());
  BOOST_TEST(searches.results[1]->total_hits == 3000);
  BOOST_TEST(searches.results[1]->hits.size() == 3000u);
  BOOST_TEST(client.healthy());
}

// Bytes after a reply on a connection that carries one call at a time are a protocol error.
BOOST_AUTO_TEST_CASE(bytes_after_a_reply_are_unavailable) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  node.set_mode(FakeContentNode::Mode::kTrailingBytes);
  Results<protocol::PingReply> pings;
  client.ping({}, in(2s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 1; }));
  BOOST_TEST(pings.results[0].status().code() == StatusCode::kUnavailable);
  BOOST_TEST(pings.results[0].status().message().find("bytes after its reply") != std::string::npos,
             pings.results[0].status());
}

BOOST_AUTO_TEST_CASE(node_closing_idle_connections_is_marked_down_at_once) {
  FakeContentNode node;
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port());
  Results<protocol::PingReply> pings;
  client.ping({}, in(2s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 1; }));
  BOOST_TEST(client.open_connections() == 1u);
  node.close_connections();
  BOOST_REQUIRE(run_until(io, [&] { return !client.healthy(); }));
  BOOST_TEST(client.open_connections() == 0u);
}

BOOST_AUTO_TEST_CASE(connections_stop_at_the_maximum_and_calls_beyond_the_queue_are_resource_exhausted) {
  FakeContentNode node;
  node.set_mode(FakeContentNode::Mode::kHold);
  boost::asio::io_context io;
  NodePoolOptions options;
  options.max_connections = 3;
  options.max_queued_calls = 2;
  ThriftContentClient client(io, "127.0.0.1", node.port(), options);
  Results<protocol::PingReply> pings;
  for (int i = 0; i < 6; ++i) client.ping({}, in(500ms), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 1; }));
  BOOST_TEST(pings.results[0].status().code() == StatusCode::kResourceExhausted);
  BOOST_REQUIRE(run_until(io, [&] { return node.requests() == 3; }));
  BOOST_TEST(client.open_connections() == 3u);
  BOOST_TEST(node.accepted() == 3u);
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 6; }));
  for (size_t i = 1; i < 6; ++i) BOOST_TEST(pings.results[i].status().code() == StatusCode::kDeadlineExceeded);
}

BOOST_AUTO_TEST_CASE(shutdown_ends_outstanding_and_later_calls_with_unavailable) {
  FakeContentNode node;
  node.set_mode(FakeContentNode::Mode::kHold);
  boost::asio::io_context io;
  NodePoolOptions options;
  options.max_connections = 2;
  ThriftContentClient client(io, "127.0.0.1", node.port(), options);
  Results<protocol::PingReply> pings;
  for (int i = 0; i < 4; ++i) client.ping({}, in(10s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return node.requests() == 2; }));
  client.shutdown();
  client.ping({}, in(10s), pings.callback());
  BOOST_REQUIRE(run_until(io, [&] { return pings.results.size() == 5; }, 2s));
  for (auto& r : pings.results) {
    BOOST_TEST(r.status().code() == StatusCode::kUnavailable);
    BOOST_TEST(r.status().message().find("shutting down") != std::string::npos);
  }
  BOOST_TEST(client.open_connections() == 0u);
}

BOOST_AUTO_TEST_CASE(calls_from_many_threads_each_complete_once) {
  FakeContentNode node;
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::vector<std::thread> io_threads;
  for (int i = 0; i < 2; ++i) io_threads.emplace_back([&] { io.run(); });
  std::atomic<int> ok{0}, failed{0};
  {
    NodePoolOptions options;
    options.max_connections = 4;
    ThriftContentClient client(io, "127.0.0.1", node.port(), options);
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t) {
      callers.emplace_back([&, t] {
        for (int i = 0; i < 100; ++i) {
          client.search(search_for(t * 1000 + i), in(5s), [&, expected = t * 1000 + i](Result<protocol::SearchReply> r) {
            (r.ok() && r->total_hits == expected ? ok : failed)++;
          });
        }
      });
    }
    for (auto& c : callers) c.join();
    auto until = std::chrono::steady_clock::now() + 10s;
    while (ok + failed < 400 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(5ms);
  }
  guard.reset();
  io.stop();
  for (auto& t : io_threads) t.join();
  BOOST_TEST(ok.load() == 400);
  BOOST_TEST(failed.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::rpc
