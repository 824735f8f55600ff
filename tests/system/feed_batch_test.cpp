// System test: batched writes (issue 4) across four grove-content processes of music-grouped
// (two groups of two nodes, redundancy 2, both copies ready) and one grove-container, all on
// 127.0.0.1. Writes go through the container's per-owner batches (feed_batch) and the owners'
// per-replica batches (write_batch); the cases check that every acknowledged document is on
// both of its replicas with one timestamp and searchable in both groups, that concurrent
// increments lose nothing, that a feed_batch answers each operation on its own, and that a
// killed replica fails exactly the writes it carried. The processes are shared; the cases run
// in order and the kill comes last. Every wait is bounded.

#include <signal.h>

#include <fmt/format.h>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "config-model/model/document_types.h"
#include "services/distribution/placement_table.h"
#include "services/document/document_json_parser.h"
#include "services/document/document_serializer.h"
#include "services/http/http_client.h"
#include "services/rpc/blocking_content_client.h"
#include "tests/system/system_test_support.h"
#include "tests/system/music_grouped_nodes.h"

namespace grove::testing {

namespace {

using namespace std::chrono_literals;
using rpc::BlockingContentClient;

const std::string kBin = GROVE_BIN_DIR;
constexpr int kNodes = MusicGroupedNodes::kNodes;
constexpr int kCorpus = 600;

std::string doc_id(int i) {
  return fmt::format("id:music:music::batch-{}", i);
}
std::string doc_path(int i) {
  return fmt::format("/document/v1/music/music/docid/batch-{}", i);
}

std::string log_text(const std::string& path) {
  std::ifstream log(path);
  return std::string((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
}

struct Cluster : MusicGroupedNodes {
  Cluster() : MusicGroupedNodes("grove-feed-batch-test") {
    container_port = free_port();
    auto container = ChildProcess::start(
        {kBin + "/grove-container", "--app", app, "--port", std::to_string(container_port),
         "--nodes", container_nodes_flag(), "--feed-batch-size", "32", "--feed-batch-calls", "1"},
        {.output_path = dir + "/container.log"});
    BOOST_REQUIRE_MESSAGE(container.ok(), container.status().to_string());
    this->container.emplace(std::move(*container));
    wait_for_container();
  }
  ~Cluster() { container.reset(); }
  void wait_for_container() {
    for (int attempt = 0; attempt < 1200; ++attempt) {
      auto r = http::http_request("127.0.0.1", container_port, "GET", "/state/v1/health", {}, {},
                                  1000ms);
      if (r.ok() && r->body.find("\"up\"") != std::string::npos) return;
      if (auto code = container->wait_exit(0ms)) {
        BOOST_FAIL("grove-container exited with " << *code << ":\n"
                                                  << log_text(dir + "/container.log"));
      }
      std::this_thread::sleep_for(50ms);
    }
    BOOST_FAIL("grove-container was not up within 60 s");
  }
  http::HttpReply call(const std::string& method, const std::string& target,
                       const std::string& body = {}) {
    auto reply = http::http_request("127.0.0.1", container_port, method, target, body,
                                    "application/json", 30s);
    BOOST_REQUIRE_MESSAGE(reply.ok(),
                          method << " " << target << ": " << reply.status().to_string());
    return std::move(reply).value();
  }
  // Runs `count` requests from `threads` threads; request i is made by `send(i)`.
  template <typename Send>
  static void in_parallel(int threads, int count, Send send) {
    std::atomic<int> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (int i = next++; i < count; i = next++) send(i);
      });
    }
    for (auto& t : pool) t.join();
  }
  // A node's metric value (the first line of the Prometheus text that starts with `name`).
  double node_metric(int key, const std::string& name) {
    auto r = http::http_request("127.0.0.1", http_ports[key], "GET", "/prometheus/v1/values", {},
                                {}, 5000ms);
    BOOST_REQUIRE(r.ok());
    size_t at = r->body.find("\n" + name);
    if (at == std::string::npos) return 0;
    size_t end = r->body.find('\n', at + 1);
    std::string line = r->body.substr(at + 1, end - at - 1);
    return std::stod(line.substr(line.rfind(' ') + 1));
  }

  std::optional<ChildProcess> container;
  uint16_t container_port = 0;
};

Cluster& cluster() {
  static Cluster instance;
  return instance;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feed_batch_system)

BOOST_AUTO_TEST_CASE(every_acknowledged_document_is_on_both_replicas_and_searchable) {
  Cluster& c = cluster();
  std::atomic<int> failures{0};
  Cluster::in_parallel(16, kCorpus, [&](int i) {
    auto r = http::http_request(
        "127.0.0.1", c.container_port, "POST", doc_path(i),
        fmt::format(R"({{"fields": {{"title": "batch song {}", "year": {}}}}})", i, 1900 + i % 100),
        "application/json", 30s);
    if (!r.ok() || r->status != 200) ++failures;
  });
  BOOST_REQUIRE_EQUAL(failures.load(), 0);
  for (int i = 0; i < kCorpus; ++i) {
    const std::string id = doc_id(i);
    int64_t timestamp = 0;
    BOOST_REQUIRE_EQUAL(c.placement(id).replicas.size(), 2u);
    for (const auto& replica : c.placement(id).replicas) {
      auto got = c.clients[replica.node]->get(id, 2000ms);
      BOOST_REQUIRE(got.ok());
      BOOST_TEST_REQUIRE(got->found);
      if (timestamp == 0) timestamp = got->timestamp;
      BOOST_TEST(got->timestamp == timestamp);
    }
  }
  for (const auto& group : std::vector<std::vector<int>>{{0, 1}, {2, 3}}) {
    std::set<std::string> gids;
    for (int key : group) {
      protocol::SearchRequest request;
      request.document_type = "music";
      protocol::QueryNode term;
      term.kind = protocol::QueryNodeKind::kTerm;
      term.field = "title";
      term.term = "batch";
      request.query.nodes = {term};
      request.hits = kCorpus;
      auto reply = c.clients[key]->search(request, 5000ms);
      BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
      for (const auto& hit : reply->hits) gids.insert(hit.gid);
    }
    BOOST_TEST(gids.size() == static_cast<size_t>(kCorpus));
  }
  double batches = 0, operations = 0;
  for (int key = 0; key < kNodes; ++key) {
    batches += c.node_metric(key, "grove_distributor_batches");
    operations += c.node_metric(key, "grove_distributor_batch_size_sum");
  }
  BOOST_TEST(batches > 0);
  BOOST_TEST(operations >= kCorpus);
  BOOST_TEST_MESSAGE(fmt::format("{} feed_batch calls carried {} operations", batches, operations));
}

BOOST_AUTO_TEST_CASE(concurrent_increments_through_the_container_lose_none) {
  Cluster& c = cluster();
  const std::string id = doc_id(1);
  const int before = c.year(c.owner(id), id);
  std::atomic<int> failures{0};
  Cluster::in_parallel(8, 200, [&](int) {
    auto r =
        http::http_request("127.0.0.1", c.container_port, "PUT", doc_path(1),
                           R"({"fields": {"year": {"increment": 1}}})", "application/json", 30s);
    if (!r.ok() || r->status != 200) ++failures;
  });
  BOOST_TEST(failures.load() == 0);
  for (const auto& r : c.placement(doc_id(1)).replicas)
    BOOST_TEST(c.year(r.node, id) == before + 200);
}

BOOST_AUTO_TEST_CASE(a_feed_batch_answers_each_operation_on_its_own) {
  Cluster& c = cluster();
  const int owner = c.owner(doc_id(2));
  // Documents of this owner: 2 (exists), a new one, one to remove, one that is missing.
  std::vector<std::string> mine;
  for (int i = kCorpus; i < kCorpus + 5000 && mine.size() < 3; ++i) {
    if (c.owner(doc_id(i)) == owner) mine.push_back(doc_id(i));
  }
  BOOST_REQUIRE_EQUAL(mine.size(), 3u);
  std::string elsewhere;
  for (int i = 0; i < kCorpus && elsewhere.empty(); ++i) {
    if (c.owner(doc_id(i)) != owner) elsewhere = doc_id(i);
  }
  protocol::FeedBatchRequest batch;
  auto& ops = batch.operations;
  ops.push_back({protocol::FeedPut{mine[0], c.encode(mine[0], R"({"year": 1})"), std::nullopt}, {}});  // new
  ops.push_back({protocol::FeedUpdate{mine[0], R"({"fields": {"year": {"increment": 10}}})", std::nullopt, false},
                 {}});  // the same document, seeing the put
  ops.push_back({protocol::FeedUpdate{doc_id(2), R"({"fields": {"year": {"assign": 5}}})", "music.year == 5", false},
                 {}});  // a false condition
  ops.push_back({protocol::FeedUpdate{mine[1], R"({"fields": {"year": {"assign": 5}}})", std::nullopt, false},
                 {}});  // missing, no create
  ops.push_back({protocol::FeedRemove{mine[2], std::nullopt}, {}});
  ops.push_back({protocol::FeedPut{elsewhere, c.encode(elsewhere, R"({"year": 1})"), std::nullopt}, {}});  // not this owner's
  ops.push_back({protocol::FeedPut{mine[1], "garbage", std::nullopt}, {}});  // a bad document
  auto replies = c.clients[owner]->feed_batch(std::move(batch), 5000ms);
  BOOST_REQUIRE_MESSAGE(replies.ok(), replies.status().to_string());
  BOOST_REQUIRE_EQUAL(replies->replies.size(), 7u);
  const auto& r = replies->replies;
  BOOST_TEST((r[0].outcome == protocol::FeedOutcome::kOk && !r[0].error));
  BOOST_TEST((r[1].outcome == protocol::FeedOutcome::kOk && !r[1].error));
  BOOST_TEST(r[1].timestamp > r[0].timestamp);
  BOOST_TEST((r[2].outcome == protocol::FeedOutcome::kConditionNotMet));
  BOOST_TEST((r[3].outcome == protocol::FeedOutcome::kNotFound));
  BOOST_TEST((r[4].outcome == protocol::FeedOutcome::kOk && !r[4].error));
  BOOST_TEST((r[5].outcome == protocol::FeedOutcome::kWrongDistribution));
  BOOST_TEST(r[5].cluster_state == "version:1 distributor:4 storage:4");
  BOOST_TEST(r[6].error.has_value());
  BOOST_TEST((r[6].error == StatusCode::kInvalidArgument), r[6].message);
  for (const auto& replica : c.placement(mine[0]).replicas)
    BOOST_TEST(c.year(replica.node, mine[0]) == 11);
  for (const auto& replica : c.placement(mine[2]).replicas) {
    auto got = c.clients[replica.node]->get(mine[2], 2000ms);
    BOOST_TEST((got->found && got->removed));
  }
}

BOOST_AUTO_TEST_CASE(write_batch_applies_each_write_by_last_writer_wins) {
  Cluster& c = cluster();
  const std::string id = doc_id(3);
  const int key = c.placement(id).replicas[1].node;
  const int64_t stored = c.clients[key]->get(id, 2000ms)->timestamp;
  protocol::WriteBatchRequest writes;
  writes.writes.push_back({id, stored - 1, false, c.encode(id, R"({"year": 1})")});  // older: not applied
  writes.writes.push_back({id, stored + 1, false, c.encode(id, R"({"year": 2})")});  // newer: applied
  writes.writes.push_back({"id:music:nosuchtype::x", stored + 2, true, ""});         // fails alone
  auto reply = c.clients[key]->write_batch(std::move(writes), 5000ms);
  BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
  const auto& results = reply->results;
  BOOST_REQUIRE_EQUAL(results.size(), 3u);
  BOOST_TEST(!results[0].applied);
  BOOST_TEST(!results[0].error.has_value());
  BOOST_TEST(results[1].applied);
  BOOST_TEST(results[2].error.has_value());
  BOOST_TEST(c.year(key, id) == 2);
}

BOOST_AUTO_TEST_CASE(a_killed_replica_fails_exactly_the_writes_it_carried) {
  Cluster& c = cluster();
  const int killed = 3;
  c.nodes.at(killed).signal(SIGKILL);
  BOOST_REQUIRE(c.nodes.at(killed).wait_exit(5000ms).has_value());
  constexpr int kWrites = 80;
  std::vector<int> status(kWrites);
  Cluster::in_parallel(16, kWrites, [&](int i) {
    auto r = http::http_request("127.0.0.1", c.container_port, "POST",
                                doc_path(kCorpus + 100 + i) + "?timeout=5s",
                                R"({"fields": {"year": 7}})", "application/json", 30s);
    status[i] = r.ok() ? r->status : -1;
  });
  int with_killed = 0;
  for (int i = 0; i < kWrites; ++i) {
    const std::string id = doc_id(kCorpus + 100 + i);
    if (c.on_node(id, killed)) {
      ++with_killed;
      BOOST_TEST((status[i] == 503 || status[i] == 504), id << ": " << status[i]);
    } else {
      BOOST_TEST(status[i] == 200, id << ": " << status[i]);
    }
  }
  BOOST_TEST(with_killed > 0);
  BOOST_TEST(with_killed < kWrites);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
