// System test: the distributor role across four grove-content processes of the music-grouped
// package (two groups of two nodes, redundancy 2, both copies ready) started with --nodes on
// 127.0.0.1. Through the blocking client: puts reach every ideal replica and only the owner
// takes them; concurrent updates lose nothing; conditions; removes leave tombstones; visiting
// every node gives each document once; each group searches each document once; a killed
// replica fails the write. The processes are shared by the cases, which run in order; the kill
// comes last. Every wait is bounded.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "config-model/model/document_types.h"
#include "services/distribution/placement_table.h"
#include "services/document/document_json_parser.h"
#include "services/document/document_serializer.h"
#include "services/rpc/blocking_content_client.h"
#include "tests/system/system_test_support.h"
#include "tests/system/music_grouped_nodes.h"

namespace grove::testing {

namespace {

using namespace std::chrono_literals;
using rpc::BlockingContentClient;

constexpr int kNodes = MusicGroupedNodes::kNodes;
constexpr int kCorpus = 120;

std::string doc_id(int i) { return fmt::format("id:music:music::song-{}", i); }

struct Cluster : MusicGroupedNodes {
  Cluster() : MusicGroupedNodes("grove-distributor-test") {}
  protocol::FeedReply put(BlockingContentClient& client, const std::string& id, const std::string& fields,
                      std::optional<std::string> condition = {}) {
    auto reply = client.feed({protocol::FeedPut{id, encode(id, fields), std::move(condition)}, {}}, 5000ms);
    BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
    return *reply;
  }
  Result<protocol::FeedReply> update(BlockingContentClient& client, const std::string& id, const std::string& json,
                                 std::optional<std::string> condition = {}) {
    return client.feed({protocol::FeedUpdate{id, json, std::move(condition), false}, {}}, 5000ms);
  }
};

Cluster& cluster() {
  static Cluster instance;
  return instance;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(distributor_system)

BOOST_AUTO_TEST_CASE(a_put_to_the_owner_reaches_every_ideal_replica_and_others_refuse_it) {
  Cluster& c = cluster();
  for (int i = 0; i < kCorpus; ++i) {
    const std::string id = doc_id(i);
    protocol::FeedReply reply = c.put(*c.clients[c.owner(id)], id, fmt::format(R"({{"title": "song {}", "year": {}}})", i, 1900 + i));
    BOOST_REQUIRE_MESSAGE((reply.outcome == protocol::FeedOutcome::kOk), reply.message);
    BOOST_TEST(reply.cluster_state_version == 1);
    for (const auto& r : c.placement(id).replicas) {
      auto got = c.clients[r.node]->get(id, 2000ms);
      BOOST_REQUIRE(got.ok());
      BOOST_TEST_REQUIRE(got->found);
      BOOST_TEST(got->timestamp == reply.timestamp);
    }
  }
  const std::string id = doc_id(0);
  const int other = (c.owner(id) + 1) % kNodes;
  protocol::FeedReply refused = c.put(*c.clients[other], id, R"({"year": 1})");
  BOOST_TEST((refused.outcome == protocol::FeedOutcome::kWrongDistribution));
  BOOST_TEST(refused.cluster_state == "version:1 distributor:4 storage:4");
  BOOST_TEST(c.year(c.placement(id).replicas[0].node, id) == 1900);
}

BOOST_AUTO_TEST_CASE(concurrent_updates_from_eight_clients_lose_no_increment) {
  Cluster& c = cluster();
  const std::string id = doc_id(1);
  const int before = c.year(c.owner(id), id);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto client = BlockingContentClient::connect("127.0.0.1", c.ports[c.owner(id)]);
      if (!client.ok()) return void(failures += 25);
      for (int i = 0; i < 25; ++i) {
        auto r = c.update(**client, id, R"({"fields": {"year": {"increment": 1}}})");
        if (!r.ok() || r->outcome != protocol::FeedOutcome::kOk) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);
  for (const auto& r : c.placement(id).replicas) BOOST_TEST(c.year(r.node, id) == before + 200);
}

BOOST_AUTO_TEST_CASE(a_false_condition_is_not_met_and_changes_nothing) {
  Cluster& c = cluster();
  const std::string id = doc_id(2);
  auto& owner = *c.clients[c.owner(id)];
  const int64_t before = owner.get(id, 2000ms)->timestamp;
  auto r = c.update(owner, id, R"({"fields": {"year": {"assign": 1}}})", "music.year == 1");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST((r->outcome == protocol::FeedOutcome::kConditionNotMet));
  BOOST_TEST((c.put(owner, id, R"({"year": 5})", "music.title == \"other\"").outcome ==
              protocol::FeedOutcome::kConditionNotMet));
  for (const auto& replica : c.placement(id).replicas) {
    BOOST_TEST(c.clients[replica.node]->get(id, 2000ms)->timestamp == before);
    BOOST_TEST(c.year(replica.node, id) == 1902);
  }
  auto bad = c.update(owner, id, R"({"fields": {"year": {"assign": 1}}})", "music.year ==");
  BOOST_TEST(bad.status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(a_remove_leaves_tombstones_on_both_replicas) {
  Cluster& c = cluster();
  const std::string id = doc_id(kCorpus - 1);
  auto r = c.clients[c.owner(id)]->feed({protocol::FeedRemove{id, std::nullopt}, {}}, 5000ms);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST((r->outcome == protocol::FeedOutcome::kOk));
  BOOST_TEST(c.placement(id).replicas.size() == 2u);
  for (const auto& replica : c.placement(id).replicas) {
    auto got = c.clients[replica.node]->get(id, 2000ms);
    BOOST_TEST(got->found);
    BOOST_TEST(got->removed);
    BOOST_TEST(got->timestamp == r->timestamp);
  }
}

BOOST_AUTO_TEST_CASE(visiting_every_node_returns_each_document_exactly_once) {
  Cluster& c = cluster();
  std::multiset<std::string> seen;
  for (int key = 0; key < kNodes; ++key) {
    protocol::VisitRequest request;
    request.max_documents = 17;
    for (int page = 0; page < 100; ++page) {
      auto reply = c.clients[key]->visit(request, 5000ms);
      BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
      for (const auto& d : reply->documents) seen.insert(d.document_id);
      if (reply->done) break;
      request.after_bucket = reply->last_bucket;
      request.after_gid = reply->last_gid;
    }
  }
  BOOST_TEST(seen.size() == static_cast<size_t>(kCorpus - 1));  // the removed one is gone
  for (int i = 0; i + 1 < kCorpus; ++i) BOOST_TEST_REQUIRE(seen.count(doc_id(i)) == 1u);
  protocol::VisitRequest filtered;
  filtered.selection = "music.year >= 2000";
  size_t matching = 0;
  for (int key = 0; key < kNodes; ++key) matching += c.clients[key]->visit(filtered, 5000ms)->documents.size();
  BOOST_TEST(matching == 20u);  // songs 100..118 (2000..2018), and song 1 (1901 + 200 increments)
}

BOOST_AUTO_TEST_CASE(each_group_searches_every_document_exactly_once) {
  Cluster& c = cluster();
  for (const auto& group : std::vector<std::vector<int>>{{0, 1}, {2, 3}}) {
    int64_t active = 0;
    std::multiset<std::string> gids;
    for (int key : group) {
      auto ping = c.clients[key]->ping(1000ms);
      BOOST_REQUIRE(ping.ok());
      active += ping->active_docs;
      protocol::SearchRequest request;
      request.document_type = "music";
      protocol::QueryNode all;
      all.kind = protocol::QueryNodeKind::kTrue;
      request.query.nodes = {all};
      request.hits = 1000;
      auto reply = c.clients[key]->search(request, 5000ms);
      BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
      for (const auto& hit : reply->hits) gids.insert(hit.gid);
    }
    BOOST_TEST(active == kCorpus - 1);
    BOOST_TEST(gids.size() == static_cast<size_t>(kCorpus - 1));
    BOOST_TEST(std::set<std::string>(gids.begin(), gids.end()).size() == gids.size());
  }
}

// Not a timed test: prints the feed rate through the owners (a feed_batch of one per document)
// for the report
// (GROVE_DISTRIBUTOR_FEED_DOCS and GROVE_DISTRIBUTOR_FEED_THREADS change the run).
BOOST_AUTO_TEST_CASE(feed_rate_through_the_owners_is_reported) {
  Cluster& c = cluster();
  const char* env = std::getenv("GROVE_DISTRIBUTOR_FEED_DOCS");
  const int docs = env != nullptr ? std::atoi(env) : 2000;
  const char* threads_env = std::getenv("GROVE_DISTRIBUTOR_FEED_THREADS");
  const int kThreads = threads_env != nullptr ? std::atoi(threads_env) : 16;
  std::atomic<int> next{0}, failures{0}, overloaded{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::map<int, std::unique_ptr<BlockingContentClient>> mine;
      document::DocumentJsonParser parser;
      for (int key = 0; key < kNodes; ++key) mine[key] = BlockingContentClient::connect("127.0.0.1", c.ports[key]).value();
      for (int i = next++; i < docs; i = next++) {
        const std::string id = fmt::format("id:music:music::bulk-{}", i);
        auto doc = parser.parse_fields(*c.types->find("music"), distribution::DocumentId::parse(id).value(),
                                       fmt::format(R"({{"title": "bulk song {}", "artist": "band {}", "year": {}}})", i, i % 50, 1950 + i % 70));
        protocol::FeedPut put{id, "", std::nullopt};
        document::serialize(*doc, put.document);
        auto r = mine[c.owner(id)]->feed({put, {}}, 10000ms);
        for (int retry = 0; retry < 100 && r.status().code() == StatusCode::kResourceExhausted; ++retry) {
          ++overloaded;  // back off as a feed client does on 429
          std::this_thread::sleep_for(2ms);
          r = mine[c.owner(id)]->feed({put, {}}, 10000ms);
        }
        if (!r.ok() || r->outcome != protocol::FeedOutcome::kOk) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(failures.load() == 0);
  std::printf("RESULT feed: %d documents, redundancy 2, %d client threads, 4 nodes: %.2f s, "
              "%.0f docs/s (%d overloaded answers retried)\n",
              docs, kThreads, seconds, docs / seconds, overloaded.load());
}

BOOST_AUTO_TEST_CASE(a_killed_replica_makes_the_put_fail_not_succeed) {
  Cluster& c = cluster();
  const int killed = 3;
  std::string id;
  for (int i = 0; i < 10000 && id.empty(); ++i) {
    const auto& p = c.placement(fmt::format("id:music:music::victim-{}", i));
    bool on_killed = false;
    for (const auto& r : p.replicas) on_killed = on_killed || r.node == killed;
    if (on_killed && p.owner != killed) id = fmt::format("id:music:music::victim-{}", i);
  }
  BOOST_REQUIRE(!id.empty());
  c.nodes.at(killed).signal(SIGKILL);
  BOOST_REQUIRE(c.nodes.at(killed).wait_exit(5000ms).has_value());
  auto r = c.clients[c.owner(id)]->feed({protocol::FeedPut{id, c.encode(id, R"({"year": 1})"), std::nullopt}, {}},
                                        3000ms);
  BOOST_TEST(!r.ok());
  BOOST_TEST((r.status().code() == StatusCode::kUnavailable || r.status().code() == StatusCode::kDeadlineExceeded),
             r.status().to_string());
  BOOST_TEST(r.status().message().find("replica 3") != std::string::npos, r.status().message());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
