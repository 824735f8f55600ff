// The distributor in process: a real ContentNode as the local replica and FakeReplicaPeers as
// the other nodes of its cluster.

#include "content/distributor/distributor.h"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <thread>

#include "services/document/document_serializer.h"
#include "tests/unit/content/distributor/fake_replica_peers.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;
using testing::FakeReplicaPeers;
using testing::TestPackage;

Deadline soon() { return Deadline::after(SystemClock::instance(), 5s); }

// Node `self` of a cluster, its distributor and fakes for the other nodes.
struct Fixture {
  Fixture(const std::string& cluster, int nodes, uint16_t self, size_t max_operations = 2048)
      : package(cluster) {
    NodeOptions options = testing::node_options(package, self, nodes > 0 ? testing::endpoints(nodes) : std::map<uint16_t, NodeEndpoint>{});
    options.max_feed_operations = max_operations;
    node = testing::open_node(options, metrics);
    auto fake = std::make_unique<FakeReplicaPeers>(node->types());
    peers = fake.get();
    distributor = std::make_unique<Distributor>(*node, std::move(fake), metrics);
  }
  ~Fixture() { distributor.reset(); }

  const distribution::BucketPlacement& placement(const std::string& id) const {
    auto parsed = distribution::DocumentId::parse(id).value();
    const auto& table = node->placement();
    return table->at(table->storage_bucket(parsed.gid()));
  }
  // The first doc_id(i) for which `want` holds of its placement.
  template <typename Want>
  std::string find_id(Want want) const {
    for (int i = 0; i < 10000; ++i) {
      if (want(placement(testing::doc_id(i)))) return testing::doc_id(i);
    }
    BOOST_FAIL("no such document id");
    return {};
  }
  std::string owned_id() const {
    return find_id([&](const auto& p) { return p.owner == node->options().distribution_key; });
  }
  FeedResult put(const std::string& id, const std::string& fields, std::optional<std::string> condition = {}) {
    auto r = distributor->put(FeedPut{id, testing::encode(*node, id, fields), std::move(condition)}, soon());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return *r;
  }
  Result<FeedResult> update(const std::string& id, const std::string& json, std::optional<std::string> condition = {},
                            bool create = false) {
    return distributor->update(FeedUpdate{id, json, std::move(condition), create}, soon());
  }
  int local_year(const std::string& id) const {
    auto doc = node->get_document(distribution::DocumentId::parse(id).value()).value();
    BOOST_REQUIRE(doc.has_value());
    const document::FieldValue* year = doc->document.get("year");
    return year == nullptr ? -1 : year->as_int();
  }

  TestPackage package;
  MetricRegistry metrics;
  std::unique_ptr<ContentNode> node;
  FakeReplicaPeers* peers = nullptr;  // owned by the distributor
  std::unique_ptr<Distributor> distributor;
};

const std::string kIncrement = R"({"fields": {"year": {"increment": 1}}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(distributor)

BOOST_AUTO_TEST_CASE(the_owner_writes_every_replica_with_one_timestamp) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0);
  const std::string id = f.owned_id();
  FeedResult r = f.put(id, R"({"year": 1999})");
  BOOST_TEST((r.outcome == FeedOutcome::kOk));
  BOOST_TEST(r.timestamp > 0u);
  BOOST_TEST(f.node->get(id)->timestamp == r.timestamp);
  BOOST_TEST(f.peers->entry(1, id).timestamp == r.timestamp);
  FeedResult again = f.put(id, R"({"year": 2000})");
  BOOST_TEST(again.timestamp > r.timestamp);
  BOOST_TEST(f.local_year(id) == 2000);
}

BOOST_AUTO_TEST_CASE(a_node_that_does_not_own_the_bucket_answers_wrong_distribution) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0);
  const std::string id = f.find_id([](const auto& p) { return p.owner == 1; });
  FeedResult r = f.put(id, R"({"year": 1})");
  BOOST_TEST((r.outcome == FeedOutcome::kWrongDistribution));
  BOOST_TEST(r.message.find("node 1 does") != std::string::npos, r.message);
  BOOST_TEST(f.distributor->cluster_state()->to_string() == "version:1 distributor:2 storage:2");
  BOOST_TEST(f.peers->calls().empty());
  BOOST_TEST(!f.node->get(id)->found);
}

BOOST_AUTO_TEST_CASE(concurrent_updates_of_one_document_lose_no_increment) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0);
  const std::string id = f.owned_id();
  f.put(id, R"({"year": 0})");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto r = f.update(id, kIncrement);
        if (!r.ok() || r->outcome != FeedOutcome::kOk) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(f.local_year(id) == 160);
  auto remote = f.peers->entry(1, id);
  BOOST_TEST(remote.timestamp == f.node->get(id)->timestamp);
}

BOOST_AUTO_TEST_CASE(a_false_condition_is_not_met_and_changes_nothing) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0);
  const std::string id = f.owned_id();
  const uint64_t written = f.put(id, R"({"year": 7})").timestamp;
  const size_t calls = f.peers->calls().size();
  FeedResult put = f.put(id, R"({"year": 8})", "music.year == 5");
  BOOST_TEST((put.outcome == FeedOutcome::kConditionNotMet));
  BOOST_TEST(put.message.find("music.year == 5") != std::string::npos, put.message);
  auto update = f.update(id, kIncrement, "music.year > 7");
  BOOST_TEST((update->outcome == FeedOutcome::kConditionNotMet));
  auto remove = f.distributor->remove(FeedRemove{id, "music.year < 0"}, soon());
  BOOST_TEST((remove->outcome == FeedOutcome::kConditionNotMet));
  BOOST_TEST(f.node->get(id)->timestamp == written);
  BOOST_TEST(f.peers->calls().size() == calls);
  BOOST_TEST((f.update(id, kIncrement, "music.year == 7")->outcome == FeedOutcome::kOk));
  BOOST_TEST(f.local_year(id) == 8);
}

BOOST_AUTO_TEST_CASE(a_missing_document_fails_conditions_and_updates_unless_created) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0);
  const std::string id = f.owned_id();
  BOOST_TEST((f.update(id, kIncrement)->outcome == FeedOutcome::kNotFound));
  BOOST_TEST((f.update(id, kIncrement, "music.year == 0")->outcome == FeedOutcome::kConditionNotMet));
  BOOST_TEST((f.put(id, R"({"year": 1})", "music").outcome == FeedOutcome::kConditionNotMet));
  BOOST_TEST(!f.node->get(id)->found);
  auto created = f.update(id, kIncrement, "music.year == 12345", /*create=*/true);
  BOOST_TEST((created->outcome == FeedOutcome::kOk));
  BOOST_TEST(f.local_year(id) == 1);
}

BOOST_AUTO_TEST_CASE(remove_leaves_tombstones_on_every_replica) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0);
  const std::string id = f.owned_id();
  f.put(id, R"({"year": 3})");
  auto removed = f.distributor->remove(FeedRemove{id, "music.year == 3"}, soon());
  BOOST_REQUIRE(removed.ok());
  BOOST_TEST((removed->outcome == FeedOutcome::kOk));
  NodeDocument local = f.node->get(id).value();
  BOOST_TEST(local.found);
  BOOST_TEST(local.removed);
  BOOST_TEST(local.timestamp == removed->timestamp);
  BOOST_TEST(f.peers->entry(1, id).removed);
  BOOST_TEST((f.update(id, kIncrement)->outcome == FeedOutcome::kNotFound));
}

BOOST_AUTO_TEST_CASE(bad_ids_json_and_conditions_are_invalid_arguments) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0);
  const std::string id = f.owned_id();
  auto bad_condition = f.update(id, kIncrement, "music.year >");
  BOOST_TEST(bad_condition.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(bad_condition.status().message().find("position 13") != std::string::npos,
             bad_condition.status().message());
  BOOST_TEST(f.update(id, kIncrement, "music.nope == 1").status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(f.update(id, R"({"fields": {"year": {"increment": "x"}}})").status().code() ==
             StatusCode::kInvalidArgument);
  BOOST_TEST(f.update(id, R"({"year": 1})").status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(f.update("id:music:books::1", kIncrement).status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(f.update("not-an-id", kIncrement).status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(a_replica_that_fails_makes_the_write_fail_naming_it) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0);
  const std::string id = f.owned_id();
  f.peers->fail(1, Status::Unavailable("connection refused"));
  auto r = f.distributor->put(FeedPut{id, testing::encode(*f.node, id, "{}"), {}}, soon());
  BOOST_TEST(r.status().code() == StatusCode::kUnavailable);
  BOOST_TEST(r.status().message().find("replica 1 (fake:1): connection refused") != std::string::npos,
             r.status().message());
  f.peers->fail(1, Status::ResourceExhausted("mdb_put: MDB_MAP_FULL: Environment mapsize limit reached"));
  FeedResult blocked = f.put(id, "{}");
  BOOST_TEST((blocked.outcome == FeedOutcome::kFeedBlocked));
  BOOST_TEST(blocked.message.find("MDB_MAP_FULL") != std::string::npos);
  f.peers->fail(1, Status::ResourceExhausted("the document store's write queue is full; back off and retry"));
  BOOST_TEST(f.update(id, kIncrement).status().code() == StatusCode::kResourceExhausted);
}

BOOST_AUTO_TEST_CASE(operations_beyond_the_cap_are_refused_as_overloaded) {
  Fixture f(testing::flat_cluster(2, 2, 1), 2, 0, /*max_operations=*/1);
  const std::string id = f.owned_id();
  f.peers->set_delay(400ms);
  std::thread slow([&] { f.put(id, R"({"year": 1})"); });
  for (int i = 0; i < 5000 && f.distributor->in_flight() == 0; ++i) std::this_thread::sleep_for(1ms);
  auto refused = f.update(id, kIncrement);
  slow.join();
  BOOST_TEST(refused.status().code() == StatusCode::kResourceExhausted);
  BOOST_TEST(refused.status().message().find("overloaded") != std::string::npos);
  BOOST_TEST(f.distributor->in_flight() == 0u);
  std::string json = f.metrics.render_json();
  BOOST_TEST(json.find("distributor_errors") != std::string::npos);
  BOOST_TEST(json.find("\"outcome\":\"ok\"") != std::string::npos, json.substr(0, 400));
}

// In the all-up state the owner is always the first ideal replica; under other cluster states
// it may hold no replica, and then reads the current version from the first one.
BOOST_AUTO_TEST_CASE(a_writer_that_holds_no_replica_reads_from_the_first_replica) {
  Fixture f(testing::flat_cluster(3, 1, 1), 3, 0);
  distribution::BucketPlacement elsewhere;
  elsewhere.owner = 0;
  elsewhere.replicas = {distribution::IdealReplica{2, nullptr, true, true},
                        distribution::IdealReplica{1, nullptr, false, false}};
  auto id = distribution::DocumentId::parse(testing::doc_id(3)).value();
  const auto& type = *f.node->types().find("music");
  ReplicaBatchWriter writer(*f.node, f.peers);
  ReplicaReader reader(*f.node, f.peers);
  std::vector<PlannedWrite> put(1);
  put[0].placement = &elsewhere;
  put[0].write = ReplicaWrite{id.str(), 77, false, testing::encode(*f.node, id.str(), R"({"year": 41})")};
  BOOST_REQUIRE(writer.write(put, soon()).front().ok());
  BOOST_TEST(!f.node->get(id.str())->found);  // not a replica: nothing stored here
  BOOST_TEST(f.peers->entry(1, id.str()).timestamp == 77u);
  auto current = reader.read(elsewhere, id, type, soon());
  BOOST_REQUIRE_MESSAGE(current.ok(), current.status().to_string());
  BOOST_REQUIRE(current->has_value());
  BOOST_TEST((*current)->get("year")->as_int() == 41);
  BOOST_TEST(f.peers->calls().back().kind == "get");
  BOOST_TEST(f.peers->calls().back().node == 2);
  f.peers->fail(2, Status::Unavailable("down"));
  auto failed = reader.read(elsewhere, id, type, soon());
  BOOST_TEST(failed.status().code() == StatusCode::kUnavailable);
  BOOST_TEST(failed.status().message().find("replica 2 (fake:2)") != std::string::npos, failed.status().message());
}

BOOST_AUTO_TEST_CASE(without_nodes_feeding_is_unavailable_naming_the_flag) {
  Fixture f(testing::flat_cluster(2, 2, 1), 0, 0);
  auto r = f.update(testing::doc_id(1), kIncrement);
  BOOST_TEST(r.status().code() == StatusCode::kUnavailable);
  BOOST_TEST(r.status().message().find("--nodes") != std::string::npos, r.status().message());
}

BOOST_AUTO_TEST_CASE(a_one_node_cluster_feeds_without_nodes) {
  Fixture f(testing::flat_cluster(1, 1, 1), 0, 0);
  FeedResult r = f.put(testing::doc_id(1), R"({"year": 5})");
  BOOST_TEST((r.outcome == FeedOutcome::kOk));
  BOOST_TEST((f.update(testing::doc_id(1), kIncrement)->outcome == FeedOutcome::kOk));
  BOOST_TEST(f.local_year(testing::doc_id(1)) == 6);
  BOOST_TEST(f.node->counts().active_documents == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
