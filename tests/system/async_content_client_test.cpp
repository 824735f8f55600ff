// System test: the asynchronous client (services/rpc) against a real grove-content process on
// 127.0.0.1: many calls in flight, node errors, deadlines against a stopped node, a killed and
// restarted node, the queue limit, and the throughput from one I/O thread. The io_context runs on
// the test's thread; every wait is bounded.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <thread>

#include "config-model/model/document_types.h"
#include "services/document/document_json_parser.h"
#include "services/document/document_serializer.h"
#include "services/rpc/blocking_content_client.h"
#include "tests/system/replica_calls.h"
#include "services/rpc/thrift_content_client.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {

namespace {

using namespace std::chrono_literals;
using rpc::ThriftContentClient;
using rpc::NodePoolOptions;

const std::string kBinary = std::string(GROVE_BIN_DIR) + "/grove-content";
const std::string kApp = std::string(GROVE_SOURCE_DIR) + "/schemas/music-flat";

Deadline in(Duration d) { return Deadline::after(SystemClock::instance(), d); }

int64_t ms_since(SteadyTime start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

// Runs `io` on this thread until `done()` or `limit` passes; true when done.
template <typename Pred>
bool run_until(boost::asio::io_context& io, Pred done, Duration limit = 20s) {
  auto until = std::chrono::steady_clock::now() + limit;
  // Dropping the last work guard with nothing pending stops the io_context: restart it.
  if (io.stopped()) io.restart();
  auto guard = boost::asio::make_work_guard(io);
  while (!done() && std::chrono::steady_clock::now() < until) io.run_one_for(10ms);
  return done();
}

// One grove-content process holding the music application.
struct Node {
  Node() { start(); }
  ~Node() {
    if (process) process->resume();
    process.reset();
    std::filesystem::remove_all(dir);
  }
  void start() {
    process.reset();
    auto started = ChildProcess::start({kBinary, "--data-dir", dir + "/data", "--port", std::to_string(port),
                                        "--http-port", std::to_string(http_port), "--app", kApp, "--key", "0"},
                                       {.output_path = dir + "/node.log"});
    BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
    process.emplace(std::move(*started));
  }
  // A blocking client, once the node answers ping (up to 20 s).
  std::unique_ptr<rpc::BlockingContentClient> connect() {
    for (int attempt = 0; attempt < 400; ++attempt) {
      auto c = rpc::BlockingContentClient::connect("127.0.0.1", port);
      if (c.ok()) {
        auto ping = (*c)->ping(1000ms);  // a node still rebuilding its indexes answers "initializing"
        if (ping.ok() && ping->state == protocol::NodeServiceState::kUp) return std::move(c).value();
      }
      std::this_thread::sleep_for(50ms);
    }
    BOOST_FAIL("grove-content did not answer ping within 20 s");
    return nullptr;
  }
  // Feeds schemas/feeds/music-sample.jsonl (12 documents).
  void feed_sample() {
    auto client = connect();
    auto model = config::ApplicationModel::load(kApp);
    BOOST_REQUIRE(model.ok());
    auto repo = config::make_document_type_repo(*model.model).value();
    document::DocumentJsonParser parser;
    std::ifstream in(std::string(GROVE_SOURCE_DIR) + "/schemas/feeds/music-sample.jsonl");
    int64_t ts = 1000;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      auto op = parser.parse_operation(repo, line);
      BOOST_REQUIRE(op.ok());
      std::string bytes;
      document::serialize(*op->document, bytes);
      BOOST_REQUIRE(replica_put(*client, op->id.str(), ++ts, bytes, 5000ms).ok());
    }
  }
  std::string dir = make_temp_dir("grove-async-client-test");
  uint16_t port = free_port();
  uint16_t http_port = free_port();
  std::optional<ChildProcess> process;
};

protocol::SearchRequest search_for(const std::string& field, const std::string& word) {
  protocol::SearchRequest r;
  r.document_type = "music";
  r.query.nodes.resize(1);
  r.query.nodes[0].kind = protocol::QueryNodeKind::kTerm;
  r.query.nodes[0].field = field;
  r.query.nodes[0].term = word;
  r.query.root = 0;
  return r;
}

// Records the health changes a client reports.
struct HealthLog {
  NodePoolOptions options(NodePoolOptions o = {}) {
    o.on_health_change = [this](bool healthy) { changes.push_back(healthy); };
    return o;
  }
  std::vector<bool> changes;  // the io thread is the test's thread
};

std::vector<std::string> gids(const protocol::SearchReply& reply) {
  std::vector<std::string> out;
  for (const auto& hit : reply.hits) out.push_back(hit.gid);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(async_content_client_system)

BOOST_AUTO_TEST_CASE(two_hundred_searches_in_flight_from_one_io_thread_all_get_their_own_replies) {
  Node node;
  node.feed_sample();
  const std::vector<std::string> words = {"coldplay", "radiohead", "rock", "pop", "yellow", "nothing"};
  std::map<std::string, protocol::SearchReply> expected;
  auto blocking = node.connect();
  for (const auto& w : words) {
    expected[w] = blocking->search(search_for("", w), 2000ms).value();
  }
  BOOST_TEST(expected["coldplay"].total_hits == 3);

  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port);
  size_t done = 0, correct = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string& word = words[i % words.size()];
    client.search(search_for("", word), in(10s), [&, word](Result<protocol::SearchReply> reply) {
      ++done;
      if (!reply.ok()) {
        BOOST_TEST_MESSAGE(reply.status().to_string());
        return;
      }
      const protocol::SearchReply& want = expected[word];
      if (reply->total_hits == want.total_hits && gids(*reply) == gids(want)) ++correct;
    });
  }
  BOOST_REQUIRE(run_until(io, [&] { return done == 200; }));
  BOOST_TEST(correct == 200u);
  BOOST_TEST(client.open_connections() <= 64u);
  BOOST_TEST(client.open_connections() > 1u);
  BOOST_TEST(client.healthy());
}

BOOST_AUTO_TEST_CASE(node_error_arrives_as_its_status_and_the_node_stays_healthy) {
  Node node;
  node.connect();
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port);
  std::vector<Result<protocol::SearchReply>> replies;
  client.search(search_for("composer", "bach"), in(5s), [&](auto r) { replies.push_back(std::move(r)); });
  BOOST_REQUIRE(run_until(io, [&] { return replies.size() == 1; }));
  client.search(search_for("title", "yellow"), in(5s), [&](auto r) { replies.push_back(std::move(r)); });
  BOOST_REQUIRE(run_until(io, [&] { return replies.size() == 2; }));
  BOOST_TEST(replies[0].status().code() == StatusCode::kInvalidArgument, replies[0].status());
  BOOST_TEST(replies[0].status().message().find("composer") != std::string::npos, replies[0].status());
  BOOST_TEST(replies[1].ok(), replies[1].status());
  BOOST_TEST(client.healthy());
  BOOST_TEST(client.open_connections() == 1u);
}

BOOST_AUTO_TEST_CASE(deadline_fires_on_time_when_the_node_is_stopped) {
  Node node;
  node.connect();
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port);
  std::vector<Result<protocol::PingReply>> pings;
  auto record = [&](Result<protocol::PingReply> r) { pings.push_back(std::move(r)); };
  client.ping({}, in(5s), record);
  BOOST_REQUIRE(run_until(io, [&] { return pings.size() == 1; }));
  BOOST_REQUIRE(node.process->suspend());
  auto start = std::chrono::steady_clock::now();
  std::optional<Status> search;
  client.search(search_for("title", "yellow"), in(300ms), [&](Result<protocol::SearchReply> r) {
    search = r.status();
  });
  BOOST_REQUIRE(run_until(io, [&] { return search.has_value(); }, 5s));
  int64_t elapsed_ms = ms_since(start);
  BOOST_TEST(search->code() == StatusCode::kDeadlineExceeded, *search);
  BOOST_TEST(elapsed_ms >= 299);
  BOOST_TEST(elapsed_ms < 1500);
  BOOST_TEST(client.healthy());  // slow is not down
  BOOST_TEST(client.open_connections() == 0u);
  node.process->resume();
  client.ping({}, in(5s), record);
  BOOST_REQUIRE(run_until(io, [&] { return pings.size() == 2; }));
  BOOST_TEST(pings[1].ok(), pings[1].status());
}

BOOST_AUTO_TEST_CASE(calls_beyond_the_queue_limit_are_resource_exhausted_and_the_queue_drains) {
  Node node;
  node.connect();
  BOOST_REQUIRE(node.process->suspend());
  boost::asio::io_context io;
  NodePoolOptions options;
  options.max_connections = 2;
  options.max_queued_calls = 3;
  ThriftContentClient client(io, "127.0.0.1", node.port, options);
  std::vector<Result<protocol::PingReply>> pings;
  for (int i = 0; i < 6; ++i) client.ping({}, in(10s), [&](auto r) { pings.push_back(std::move(r)); });
  BOOST_REQUIRE(run_until(io, [&] { return pings.size() == 1; }, 5s));
  BOOST_TEST(pings[0].status().code() == StatusCode::kResourceExhausted, pings[0].status());
  node.process->resume();
  BOOST_REQUIRE(run_until(io, [&] { return pings.size() == 6; }));
  for (size_t i = 1; i < 6; ++i) BOOST_TEST(pings[i].ok(), pings[i].status());
  BOOST_TEST(client.open_connections() == 2u);
}

BOOST_AUTO_TEST_CASE(killed_node_fails_calls_at_once_is_marked_down_and_up_again_after_restart) {
  Node node;
  node.connect();
  boost::asio::io_context io;
  HealthLog health;
  ThriftContentClient client(io, "127.0.0.1", node.port, health.options());
  std::vector<Result<protocol::SearchReply>> replies;
  BOOST_REQUIRE(node.process->suspend());  // so that the calls are surely in flight when it dies
  for (int i = 0; i < 20; ++i) {
    client.search(search_for("title", "yellow"), in(30s), [&](auto r) { replies.push_back(std::move(r)); });
  }
  BOOST_REQUIRE(run_until(io, [&] { return client.open_connections() == 20; }, 5s));
  run_until(io, [] { return false; }, 100ms);  // let the requests reach the node's socket buffers
  auto killed = std::chrono::steady_clock::now();
  node.process->signal(SIGKILL);
  BOOST_REQUIRE(node.process->wait_exit(10s).has_value());
  BOOST_REQUIRE(run_until(io, [&] { return replies.size() == 20; }, 5s));
  BOOST_TEST(ms_since(killed) < 2000);
  for (auto& r : replies) BOOST_TEST(r.status().code() == StatusCode::kUnavailable, r.status());
  BOOST_TEST(!client.healthy());

  std::vector<Result<protocol::PingReply>> pings;
  auto asked = std::chrono::steady_clock::now();
  client.ping({}, in(5s), [&](auto r) { pings.push_back(std::move(r)); });
  BOOST_REQUIRE(run_until(io, [&] { return pings.size() == 1; }, 5s));
  BOOST_TEST(pings[0].status().code() == StatusCode::kUnavailable, pings[0].status());
  BOOST_TEST(ms_since(asked) < 1000);

  node.start();
  for (int attempt = 0; attempt < 200 && !client.healthy(); ++attempt) {
    size_t before = pings.size();
    client.ping({}, in(1s), [&](auto r) { pings.push_back(std::move(r)); });
    BOOST_REQUIRE(run_until(io, [&] { return pings.size() > before; }, 5s));
    if (!pings.back().ok()) run_until(io, [] { return false; }, 100ms);
  }
  BOOST_TEST(client.healthy());
  BOOST_TEST(health.changes == (std::vector<bool>{false, true}), boost::test_tools::per_element());
}

// The blocking client's own transport: a deadline against a stopped node, an idle connection
// the node closed by restarting (the next call reconnects instead of failing), and a refused
// connection, which marks the client unhealthy until a call succeeds.
BOOST_AUTO_TEST_CASE(blocking_client_keeps_deadlines_and_reconnects_after_a_restart) {
  Node node;
  auto client = node.connect();
  BOOST_REQUIRE(client->search(search_for("title", "yellow"), 5000ms).ok());
  BOOST_REQUIRE(node.process->suspend());
  auto start = std::chrono::steady_clock::now();
  Result<protocol::PingReply> slow = client->ping(300ms);
  int64_t elapsed_ms = ms_since(start);
  BOOST_TEST(slow.status().code() == StatusCode::kDeadlineExceeded, slow.status());
  BOOST_TEST(elapsed_ms >= 299);
  BOOST_TEST(elapsed_ms < 1500);
  BOOST_TEST(client->healthy());  // slow is not down
  node.process->resume();
  // The late pong of the timed-out call must not be taken for this call's reply.
  auto search = client->search(search_for("title", "yellow"), 5000ms);
  BOOST_TEST(search.ok(), search.status());

  node.process->signal(SIGTERM);
  BOOST_REQUIRE(node.process->wait_exit(20s).has_value());
  Result<protocol::PingReply> refused = client->ping(1000ms);
  BOOST_TEST(refused.status().code() == StatusCode::kUnavailable, refused.status());
  BOOST_TEST(!client->healthy());
  node.start();
  node.connect();  // the node serves again
  Result<protocol::PingReply> back = client->ping(2000ms);
  BOOST_TEST(back.ok(), back.status());
  BOOST_TEST(client->healthy());
  // An idle connection the node dropped (a second restart) is replaced, not failed.
  node.process->signal(SIGTERM);
  BOOST_REQUIRE(node.process->wait_exit(20s).has_value());
  node.start();
  node.connect();
  Result<protocol::PingReply> after_restart = client->ping(2000ms);
  BOOST_TEST(after_restart.ok(), after_restart.status());
}

// A figure, not a timed assertion: calls per second with 64 in flight from one I/O thread.
BOOST_AUTO_TEST_CASE(reports_the_throughput_of_pings_and_small_searches_from_one_io_thread) {
  Node node;
  node.feed_sample();
  boost::asio::io_context io;
  ThriftContentClient client(io, "127.0.0.1", node.port);
  auto measure = [&](const char* what, auto issue) {
    size_t completed = 0, failed = 0, issued = 0;
    const size_t total = 20000, window = 64;
    std::function<void()> next = [&] {
      ++issued;
      issue([&](bool ok) {
        ++completed;
        failed += ok ? 0 : 1;
        if (issued < total) next();
      });
    };
    auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < window; ++i) next();
    BOOST_REQUIRE(run_until(io, [&] { return completed == total; }, 60s));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST(failed == 0u);
    BOOST_TEST_MESSAGE(fmt::format("async client, one io thread, {} in flight: {} {} in {:.2f} s = {:.0f} calls/s",
                                   window, completed, what, seconds, completed / seconds));
  };
  measure("pings", [&](auto done) { client.ping({}, in(10s), [done](auto r) { done(r.ok()); }); });
  auto request = search_for("", "coldplay");
  measure("small searches", [&](auto done) { client.search(request, in(10s), [done](auto r) { done(r.ok()); }); });
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
