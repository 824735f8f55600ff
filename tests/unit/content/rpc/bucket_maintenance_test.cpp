// Bucket maintenance (DESIGN §6) against an in-process 2×2 cluster (LocalCluster), each node's
// maintainer driven cycle by cycle: a write applied on one replica only is repaired; a node
// marked down has its copies re-created inside its group, and when it is up again its stale
// replicas are merged and the extra copies deleted, so every bucket ends at its ideal state with
// one active replica per group.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "content/distributor/bucket_maintainer.h"
#include "content/node/content_node.h"
#include "content/rpc/local_cluster.h"
#include "services/distribution/document_id.h"
#include "tests/unit/content/node/node_test_support.h"
#include "tests/unit/content/rpc/local_cluster_calls.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;
using testing::TestPackage;

constexpr int kDocs = 120;

template <typename Reply, typename Call>
Result<Reply> wait_for(Call call) {
  auto promise = std::make_shared<std::promise<Result<Reply>>>();
  auto future = promise->get_future();
  call(Deadline::after(SystemClock::instance(), 10s), [promise](Result<Reply> r) { promise->set_value(std::move(r)); });
  BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
  return future.get();
}

struct Fixture {
  Fixture() : package(testing::grouped_cluster()) {
    LocalClusterOptions options;
    options.application = package.app();
    options.data_dir = package.data_dir(0);
    options.threads_per_node = 4;
    options.start_maintenance = false;  // cycles are run by the test
    auto opened = LocalCluster::open(std::move(options));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    nodes = std::move(*opened);
    settle();
  }

  // Runs every node's maintenance cycle until none has work left (bounded: 30 rounds).
  void settle(const std::set<uint16_t>& down = {}) {
    for (int round = 0; round < 30; ++round) {
      bool busy = false;
      for (uint16_t key : nodes->keys()) {
        if (down.contains(key)) continue;
        auto r = nodes->maintainer(key).run_cycle();
        BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
        busy = busy || *r;
      }
      if (!busy) return;
    }
    BOOST_FAIL("maintenance did not settle in 30 rounds");
  }

  void set_everywhere(const std::string& state) {
    for (uint16_t key : nodes->keys()) {
      auto r = wait_for<protocol::SetClusterStateReply>(
          [&](Deadline d, auto done) { nodes->service(key).set_cluster_state({state}, d, std::move(done)); });
      BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    }
  }

  void feed() {
    for (int i = 0; i < kDocs; ++i) {
      const std::string id = testing::doc_id(i);
      auto reply = testing::put_through(*nodes, testing::owner_of(*nodes, 0, id), id);
      BOOST_REQUIRE_MESSAGE(!reply.error, reply.message);
    }
  }

  // Per bucket, per node: what the node holds.
  std::map<uint64_t, std::map<uint16_t, protocol::BucketInfo>> holdings(const std::set<uint16_t>& skip = {}) {
    std::map<uint64_t, std::map<uint16_t, protocol::BucketInfo>> out;
    for (uint16_t key : nodes->keys()) {
      if (skip.contains(key)) continue;
      auto listed = wait_for<protocol::ListBucketsReply>(
          [&](Deadline d, auto done) { nodes->service(key).list_buckets({}, d, std::move(done)); });
      BOOST_REQUIRE(listed.ok());
      for (const auto& b : listed->buckets) out[b.bucket][key] = b;
    }
    return out;
  }

  // Every bucket exactly on its ideal nodes (under node 0's placement, or `asked`'s), in sync,
  // with one active replica per group.
  void check_ideal(uint16_t asked = 0, const std::set<uint16_t>& skip = {}) {
    auto table = nodes->node(asked).placement();
    for (const auto& [raw, held] : holdings(skip)) {
      const auto& placement = table->at(distribution::BucketId(raw));
      std::set<uint16_t> want, have;
      for (const auto& r : placement.replicas) want.insert(r.node);
      for (const auto& [node, info] : held) have.insert(node);
      BOOST_TEST((want == have), "bucket " << raw << ": held by " << have.size() << " nodes, ideal " << want.size());
      std::map<const distribution::Group*, int> actives;
      for (const auto& [node, info] : held) {
        BOOST_TEST(info.checksum == held.begin()->second.checksum);
        if (info.active) ++actives[table->distribution().group_of_node(node)];
      }
      for (const distribution::Group* g : table->distribution().leaf_groups()) {
        bool has_replica = false;
        for (const auto& r : placement.replicas) has_replica = has_replica || r.group == g;
        if (has_replica) BOOST_TEST(actives[g] == 1, "bucket " << raw << " has " << actives[g] << " active in a group");
      }
    }
  }

  // Active documents of the nodes of each group.
  std::vector<uint64_t> group_actives() {
    std::vector<uint64_t> out{0, 0};
    for (uint16_t key : nodes->keys()) out[key / 2] += nodes->node(key).counts().active_documents;
    return out;
  }

  TestPackage package;
  std::unique_ptr<LocalCluster> nodes;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(bucket_maintenance)

BOOST_AUTO_TEST_CASE(a_fed_cluster_is_at_its_ideal_state_and_needs_no_work) {
  Fixture f;
  f.feed();
  f.settle();
  f.check_ideal();
  BOOST_TEST(f.group_actives() == (std::vector<uint64_t>{kDocs, kDocs}), boost::test_tools::per_element());
  int64_t moved = 0;
  for (uint16_t key : f.nodes->keys()) moved += f.nodes->maintainer(key).stats().documents_moved;
  BOOST_TEST(moved == 0);
}

BOOST_AUTO_TEST_CASE(a_write_applied_on_one_replica_only_is_repaired) {
  Fixture f;
  f.feed();
  f.settle();
  // A newer version of document 7 and a remove of document 8 reach one replica of each only, as
  // when a write failed on the other.
  auto table = f.nodes->node(0).placement();
  auto id7 = distribution::DocumentId::parse(testing::doc_id(7)).value();
  auto id8 = distribution::DocumentId::parse(testing::doc_id(8)).value();
  const uint16_t holder7 = table->at(table->storage_bucket(id7.gid())).replicas[0].node;
  const uint16_t holder8 = table->at(table->storage_bucket(id8.gid())).replicas[1].node;
  auto put = f.nodes->node(holder7).put(id7.str(), 1ull << 62,
                                       testing::encode(f.nodes->node(holder7), id7.str(), R"({"title": "changed"})"),
                                       Deadline::after(SystemClock::instance(), 5s));
  BOOST_REQUIRE(put.ok() && *put);
  auto removed = f.nodes->node(holder8).remove(id8.str(), 1ull << 62, Deadline::after(SystemClock::instance(), 5s));
  BOOST_REQUIRE(removed.ok() && *removed);
  auto before = f.group_actives();
  BOOST_TEST(before[0] != before[1]);  // the groups disagree

  f.settle();
  f.check_ideal();
  BOOST_TEST(f.group_actives() == (std::vector<uint64_t>{kDocs - 1, kDocs - 1}), boost::test_tools::per_element());
  for (uint16_t key : f.nodes->keys()) {
    auto doc = f.nodes->node(key).get(id7.str());
    BOOST_REQUIRE(doc.ok());
    if (doc->found) BOOST_TEST(doc->fields_json.find("changed") != std::string::npos);
    auto gone = f.nodes->node(key).get(id8.str());
    BOOST_TEST((!gone->found || gone->removed));
  }
}

BOOST_AUTO_TEST_CASE(a_node_down_has_its_copies_recreated_in_its_group_and_merged_back_when_up) {
  Fixture f;
  f.feed();
  f.settle();
  // Node 1 goes down: group 0 is node 0 alone for now.
  f.set_everywhere("version:5 distributor:4 .1.s:d storage:4 .1.s:d");
  f.settle({1});
  f.check_ideal(0, {1});
  // Group 0's active documents are all on node 0 now (node 1 is not asked).
  BOOST_TEST(f.nodes->node(0).counts().active_documents == static_cast<uint64_t>(kDocs));
  // A write while node 1 is down goes to node 0 and group 1.
  const std::string late = testing::doc_id(kDocs + 1);
  auto reply = testing::put_through(*f.nodes, testing::owner_of(*f.nodes, 0, late), late);
  BOOST_REQUIRE_MESSAGE(!reply.error, reply.message);

  // Node 1 is back, with its stale replicas (and their old activations).
  f.set_everywhere("version:6 distributor:4 storage:4");
  f.settle();
  f.check_ideal();
  BOOST_TEST(f.group_actives() == (std::vector<uint64_t>{kDocs + 1, kDocs + 1}), boost::test_tools::per_element());
  int64_t moved = 0;
  for (uint16_t key : f.nodes->keys()) moved += f.nodes->maintainer(key).stats().documents_moved;
  BOOST_TEST(moved > 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
