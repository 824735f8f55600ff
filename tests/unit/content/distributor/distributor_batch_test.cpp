// Distributor::execute_batch in process: a real ContentNode as the local replica and
// FakeReplicaPeers as the other nodes. Each operation of a batch gets the answer its single call
// would give; operations on one document keep their order and see each other; the writes go out
// as one write_batch per replica node; a replica that fails fails exactly the operations it
// carried; batches over the same documents never deadlock and lose no update.

#include <fmt/format.h>
#include <boost/test/unit_test.hpp>

#include <random>
#include <thread>

#include "content/distributor/distributor.h"
#include "tests/unit/content/distributor/fake_replica_peers.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;
using testing::FakeReplicaPeers;
using testing::TestPackage;

Deadline soon() {
  return Deadline::after(SystemClock::instance(), 5s);
}

const std::string kIncrement = R"({"fields": {"year": {"increment": 1}}})";

// Node 0 of a flat cluster of `nodes` nodes with redundancy 2, its distributor, and fakes for
// the other nodes.
struct Fixture {
  explicit Fixture(int nodes = 2) : package(testing::flat_cluster(nodes, 2, 1)) {
    node =
        testing::open_node(testing::node_options(package, 0, testing::endpoints(nodes)), metrics);
    auto fake = std::make_unique<FakeReplicaPeers>(node->types());
    peers = fake.get();
    distributor = std::make_unique<Distributor>(*node, std::move(fake), metrics);
  }
  ~Fixture() { distributor.reset(); }

  const distribution::BucketPlacement& placement(const std::string& id) const {
    const auto& table = node->placement();
    return table->at(table->storage_bucket(distribution::DocumentId::parse(id).value().gid()));
  }
  // The first `n` ids after `from` that node 0 owns and whose other replica is `other` (any
  // when negative).
  std::vector<std::string> owned_ids(size_t n, int other = -1, int from = 0) const {
    std::vector<std::string> ids;
    for (int i = from; i < from + 20000 && ids.size() < n; ++i) {
      const auto& p = placement(testing::doc_id(i));
      if (p.owner != 0) continue;
      if (other >= 0 &&
          (p.replicas.size() != 2 || (p.replicas[0].node != other && p.replicas[1].node != other)))
        continue;
      ids.push_back(testing::doc_id(i));
    }
    BOOST_REQUIRE_EQUAL(ids.size(), n);
    return ids;
  }
  std::string not_owned_id() const {
    for (int i = 0; i < 10000; ++i) {
      if (placement(testing::doc_id(i)).owner != 0) return testing::doc_id(i);
    }
    BOOST_FAIL("no such document id");
    return {};
  }
  FeedBatchOp put(const std::string& id, const std::string& fields,
                  std::optional<std::string> condition = {}) {
    return FeedBatchOp{FeedPut{id, testing::encode(*node, id, fields), std::move(condition)},
                       Deadline::never()};
  }
  static FeedBatchOp update(const std::string& id, const std::string& json,
                            std::optional<std::string> condition = {}, bool create = false) {
    return FeedBatchOp{FeedUpdate{id, json, std::move(condition), create}, Deadline::never()};
  }
  static FeedBatchOp remove(const std::string& id, std::optional<std::string> condition = {}) {
    return FeedBatchOp{FeedRemove{id, std::move(condition)}, Deadline::never()};
  }
  std::vector<Result<FeedResult>> run(std::vector<FeedBatchOp> ops) {
    auto r = distributor->execute_batch(std::move(ops), soon());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return std::move(r).value();
  }
  int local_year(const std::string& id) const {
    auto doc = node->get_document(distribution::DocumentId::parse(id).value()).value();
    if (!doc) return -2;
    const document::FieldValue* year = doc->document.get("year");
    return year == nullptr ? -1 : year->as_int();
  }
  size_t write_batch_calls() const {
    size_t n = 0;
    for (const auto& c : peers->calls()) n += c.kind == "write_batch";
    return n;
  }

  TestPackage package;
  MetricRegistry metrics;
  std::unique_ptr<ContentNode> node;
  FakeReplicaPeers* peers = nullptr;  // owned by the distributor
  std::unique_ptr<Distributor> distributor;
};

FeedOutcome outcome(const Result<FeedResult>& r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return r->outcome;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(distributor_batch)

BOOST_AUTO_TEST_CASE(each_operation_of_a_mixed_batch_gets_its_own_answer) {
  Fixture f;
  auto ids = f.owned_ids(5);
  f.run({f.put(ids[1], R"({"year": 10})")});
  auto r = f.run({
      f.put(ids[0], R"({"year": 1})"),                                    // 0: ok
      Fixture::update(ids[1], kIncrement),                                // 1: ok, 11
      Fixture::remove(ids[1], "music.year == 99"),                        // 2: condition not met
      f.put(ids[2], R"({"year": 3})", "music.year > 0"),                  // 3: missing: not met
      Fixture::update(ids[3], kIncrement),                                // 4: not found
      Fixture::update(ids[3], kIncrement, {}, /*create=*/true),           // 5: created, 1
      f.put(f.not_owned_id(), R"({"year": 5})"),                          // 6: wrong distribution
      Fixture::update(ids[4], R"({"fields": {"nope": {"assign": 1}}})"),  // 7: invalid
      Fixture::remove("not-an-id"),                                       // 8: invalid
  });
  BOOST_REQUIRE_EQUAL(r.size(), 9u);
  BOOST_TEST((outcome(r[0]) == FeedOutcome::kOk));
  BOOST_TEST((outcome(r[1]) == FeedOutcome::kOk));
  BOOST_TEST((outcome(r[2]) == FeedOutcome::kConditionNotMet));
  BOOST_TEST((outcome(r[3]) == FeedOutcome::kConditionNotMet));
  BOOST_TEST((outcome(r[4]) == FeedOutcome::kNotFound));
  BOOST_TEST((outcome(r[5]) == FeedOutcome::kOk));
  BOOST_TEST((outcome(r[6]) == FeedOutcome::kWrongDistribution));
  BOOST_TEST(r[7].status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r[8].status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(f.local_year(ids[0]) == 1);
  BOOST_TEST(f.local_year(ids[1]) == 11);
  BOOST_TEST(f.local_year(ids[2]) == -2);
  BOOST_TEST(f.local_year(ids[3]) == 1);
  for (int i : {0, 1, 5})
    BOOST_TEST(f.peers->entry(1, ids[i == 5 ? 3 : i]).timestamp == r[i]->timestamp);
}

BOOST_AUTO_TEST_CASE(operations_on_one_document_keep_their_order_and_see_each_other) {
  Fixture f;
  const std::string id = f.owned_ids(1)[0];
  auto r = f.run({
      f.put(id, R"({"year": 1})"),
      f.put(id, R"({"year": 2})"),
      Fixture::update(id, kIncrement),
      Fixture::update(id, kIncrement, "music.year == 3"),
      Fixture::remove(id),
      Fixture::update(id, kIncrement),  // removed: not found
      f.put(id, R"({"year": 40})"),
  });
  for (size_t i : {0u, 1u, 2u, 3u, 4u, 6u}) BOOST_TEST((outcome(r[i]) == FeedOutcome::kOk));
  BOOST_TEST((outcome(r[5]) == FeedOutcome::kNotFound));
  for (size_t i = 1; i < r.size(); ++i) {
    if (i != 5 && i != 6) BOOST_TEST(r[i]->timestamp > r[i - 1]->timestamp);
  }
  BOOST_TEST(r[6]->timestamp > r[4]->timestamp);
  BOOST_TEST(f.local_year(id) == 40);
  BOOST_TEST(f.peers->entry(1, id).timestamp == r[6]->timestamp);
  BOOST_TEST(!f.peers->entry(1, id).removed);
}

BOOST_AUTO_TEST_CASE(the_writes_go_out_as_one_write_batch_per_replica_node) {
  Fixture f;
  auto ids = f.owned_ids(20);
  std::vector<FeedBatchOp> ops;
  for (const auto& id : ids) ops.push_back(f.put(id, R"({"year": 7})"));
  auto r = f.run(std::move(ops));
  for (const auto& one : r) BOOST_TEST((outcome(one) == FeedOutcome::kOk));
  BOOST_TEST(f.write_batch_calls() == 1u);
  for (size_t i = 0; i < ids.size(); ++i) {
    BOOST_TEST(f.local_year(ids[i]) == 7);
    BOOST_TEST(f.peers->entry(1, ids[i]).timestamp == r[i]->timestamp);
  }
}

BOOST_AUTO_TEST_CASE(a_replica_that_fails_its_batch_fails_exactly_the_operations_it_carried) {
  Fixture f(3);  // owned buckets have node 0 and one of nodes 1, 2
  auto on_1 = f.owned_ids(3, 1);
  auto on_2 = f.owned_ids(3, 2);
  f.peers->fail(2, Status::Unavailable("connection refused"));
  std::vector<FeedBatchOp> ops;
  for (size_t i = 0; i < 3; ++i) {
    ops.push_back(f.put(on_1[i], R"({"year": 1})"));
    ops.push_back(f.put(on_2[i], R"({"year": 2})"));
  }
  auto r = f.run(std::move(ops));
  for (size_t i = 0; i < 3; ++i) {
    BOOST_TEST((outcome(r[2 * i]) == FeedOutcome::kOk));
    const Status& failed = r[2 * i + 1].status();
    BOOST_TEST(failed.code() == StatusCode::kUnavailable);
    BOOST_TEST(failed.message().find("replica 2 (fake:2): connection refused") != std::string::npos,
               failed.message());
  }
  BOOST_TEST(f.write_batch_calls() == 2u);
}

BOOST_AUTO_TEST_CASE(a_write_that_fails_inside_a_replica_batch_fails_alone) {
  Fixture f;
  auto ids = f.owned_ids(3);
  f.peers->fail_write(1, ids[1], Status::ResourceExhausted("mdb_put: MDB_MAP_FULL"));
  auto r = f.run({f.put(ids[0], "{}"), f.put(ids[1], "{}"), f.put(ids[2], "{}")});
  BOOST_TEST((outcome(r[0]) == FeedOutcome::kOk));
  BOOST_TEST((outcome(r[1]) == FeedOutcome::kFeedBlocked));
  BOOST_TEST(r[1]->message.find("replica 1 (fake:1): mdb_put: MDB_MAP_FULL") != std::string::npos,
             r[1]->message);
  BOOST_TEST((outcome(r[2]) == FeedOutcome::kOk));
}

BOOST_AUTO_TEST_CASE(an_operation_whose_deadline_passed_is_not_executed) {
  Fixture f;
  auto ids = f.owned_ids(2);
  FeedBatchOp late = f.put(ids[0], R"({"year": 1})");
  late.deadline = Deadline::after(SystemClock::instance(), -1ms);
  auto r = f.run({std::move(late), f.put(ids[1], R"({"year": 2})")});
  BOOST_TEST(r[0].status().code() == StatusCode::kDeadlineExceeded);
  BOOST_TEST((outcome(r[1]) == FeedOutcome::kOk));
  BOOST_TEST(!f.node->get(ids[0])->found);
}

BOOST_AUTO_TEST_CASE(concurrent_batches_over_the_same_documents_lose_no_increment) {
  Fixture f;
  auto ids = f.owned_ids(16);
  std::vector<FeedBatchOp> seed;
  for (const auto& id : ids) seed.push_back(f.put(id, R"({"year": 0})"));
  f.run(std::move(seed));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  constexpr int kThreads = 4, kBatches = 10;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      for (int b = 0; b < kBatches; ++b) {
        std::vector<std::string> order = ids;  // every document once, in a different order
        std::shuffle(order.begin(), order.end(), rng);
        std::vector<FeedBatchOp> ops;
        for (const auto& id : order) ops.push_back(Fixture::update(id, kIncrement));
        auto r = f.distributor->execute_batch(std::move(ops), soon());
        if (!r.ok()) {
          ++failures;
          continue;
        }
        for (const auto& one : *r) failures += !one.ok() || one->outcome != FeedOutcome::kOk;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);
  for (const auto& id : ids) BOOST_TEST(f.local_year(id) == kThreads * kBatches);
}

BOOST_AUTO_TEST_CASE(batches_count_in_the_metrics) {
  Fixture f;
  auto ids = f.owned_ids(3);
  f.run({f.put(ids[0], "{}"), f.put(ids[1], "{}"), Fixture::update(ids[2], kIncrement)});
  std::string json = f.metrics.render_json();
  BOOST_TEST(json.find("distributor_batches") != std::string::npos);
  BOOST_TEST(json.find("distributor_batch_size") != std::string::npos);
  BOOST_TEST(json.find("\"outcome\":\"not_found\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
