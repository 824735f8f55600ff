#include "content/distributor/bucket_plan.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>

namespace grove::content {

namespace {

using distribution::BucketId;
using distribution::ClusterState;
using distribution::Distribution;
using distribution::DistributionConfig;
using distribution::GroupConfig;
using distribution::NodeConfig;
using distribution::PartitionSpec;
using distribution::PlacementTable;

DistributionConfig two_groups_of_two() {
  DistributionConfig config;
  config.redundancy = 2;
  GroupConfig root;
  root.partitions = PartitionSpec::parse("1|*").value();
  config.groups.push_back(root);
  for (uint16_t g = 0; g < 2; ++g) {
    GroupConfig leaf;
    leaf.path = {g};
    leaf.name = "group" + std::to_string(g);
    leaf.nodes = {NodeConfig{uint16_t(2 * g)}, NodeConfig{uint16_t(2 * g + 1)}};
    config.groups.push_back(leaf);
  }
  return config;
}

std::shared_ptr<const PlacementTable> table_for(DistributionConfig config, uint16_t nodes, uint16_t searchable) {
  return PlacementTable::build(Distribution::create(std::move(config)).value(), ClusterState::all_up(nodes),
                               searchable)
      .value();
}

const std::vector<bool> kAllListed(4, true);

// The replicas of `bucket` exactly as the ideal state wants them: synced, roles as placed.
std::vector<ReplicaState> ideal_replicas(const distribution::BucketPlacement& p, int64_t checksum = 7) {
  std::vector<ReplicaState> out;
  for (const auto& r : p.replicas) out.push_back(ReplicaState{r.node, 3, checksum, r.ready, r.active, 300});
  return out;
}

uint16_t non_ideal_node(const distribution::BucketPlacement& p, uint16_t nodes) {
  for (uint16_t n = 0; n < nodes; ++n) {
    if (std::none_of(p.replicas.begin(), p.replicas.end(), [&](const auto& r) { return r.node == n; })) return n;
  }
  BOOST_FAIL("every node is ideal");
  return 0;
}

bool has_change(const std::vector<RoleChange>& changes, uint16_t node, bool ready, bool active) {
  return std::any_of(changes.begin(), changes.end(), [&](const RoleChange& c) {
    return c.node == node && c.role.ready == ready && c.role.active == active;
  });
}

const BucketId kBucket = BucketId::from_bits(16, 0x1234);

}  // namespace

BOOST_AUTO_TEST_SUITE(bucket_plan)

BOOST_AUTO_TEST_CASE(a_bucket_at_its_ideal_state_needs_nothing) {
  auto table = table_for(DistributionConfig::flat(2, 4), 4, 2);
  const auto& p = table->at(kBucket);
  auto replicas = ideal_replicas(p);
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.idle());
  BOOST_TEST(!plan.too_few_copies);
  BOOST_TEST(!plan.too_many_copies);
  BOOST_TEST(!plan.out_of_sync);
  BOOST_TEST(!plan.group_without_active);
}

BOOST_AUTO_TEST_CASE(an_ideal_node_without_the_bucket_gets_it_by_a_merge) {
  auto table = table_for(DistributionConfig::flat(2, 4), 4, 2);
  const auto& p = table->at(kBucket);
  auto replicas = ideal_replicas(p);
  const uint16_t missing = replicas.back().node;
  replicas.pop_back();
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.too_few_copies);
  std::vector<uint16_t> expected{p.replicas[0].node, missing};
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(plan.merge == expected, boost::test_tools::per_element());
  BOOST_TEST(plan.remove.empty());
}

BOOST_AUTO_TEST_CASE(a_group_that_holds_no_copy_yet_is_a_group_without_an_active_copy) {
  // Both copies in group 0 (as flat placement may leave them), none yet in group 1: a query
  // to group 1 would miss the bucket until the merge and its activation there.
  auto table = table_for(two_groups_of_two(), 4, 2);
  const auto& p = table->at(kBucket);
  std::vector<ReplicaState> replicas = {ReplicaState{0, 3, 7, true, true, 300}, ReplicaState{1, 3, 7, true, false, 300}};
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.group_without_active);
  BOOST_TEST(plan.too_few_copies);
  BOOST_TEST(plan.remove.empty());
  // Once group 1's ideal node has it, active, the group is covered.
  const auto in_group1 = std::find_if(p.replicas.begin(), p.replicas.end(), [](const auto& r) { return r.node >= 2; });
  BOOST_REQUIRE(in_group1 != p.replicas.end());
  replicas.push_back(ReplicaState{in_group1->node, 3, 7, true, true, 300});
  plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(!plan.group_without_active);
}

BOOST_AUTO_TEST_CASE(a_node_that_did_not_answer_is_not_taken_to_lack_the_bucket) {
  auto table = table_for(DistributionConfig::flat(2, 4), 4, 2);
  const auto& p = table->at(kBucket);
  auto replicas = ideal_replicas(p);
  const uint16_t silent = replicas.back().node;
  replicas.pop_back();
  std::vector<bool> listed = kAllListed;
  listed[silent] = false;
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, listed);
  BOOST_TEST(plan.merge.empty());
  BOOST_TEST(!plan.too_few_copies);
}

BOOST_AUTO_TEST_CASE(replicas_that_disagree_are_merged_and_keep_their_activation) {
  auto table = table_for(DistributionConfig::flat(2, 4), 4, 2);
  const auto& p = table->at(kBucket);
  auto replicas = ideal_replicas(p);
  replicas[1].checksum = 99;
  replicas[1].documents = 4;  // has more documents, but is not the active one
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.out_of_sync);
  BOOST_TEST(plan.merge.size() == 2u);
  BOOST_TEST(plan.raise.empty());
  BOOST_TEST(plan.lower.empty());
}

BOOST_AUTO_TEST_CASE(a_group_without_an_active_replica_gets_the_one_with_most_documents_while_out_of_sync) {
  auto table = table_for(DistributionConfig::flat(2, 4), 4, 2);
  const auto& p = table->at(kBucket);
  auto replicas = ideal_replicas(p);
  for (auto& r : replicas) r.active = false;
  replicas[1].checksum = 99;
  replicas[1].documents = 5;
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.group_without_active);
  BOOST_TEST(has_change(plan.raise, replicas[1].node, true, true));
  BOOST_TEST(plan.raise.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_synced_bucket_activates_its_best_ideal_replica) {
  auto table = table_for(DistributionConfig::flat(2, 4), 4, 2);
  const auto& p = table->at(kBucket);
  auto replicas = ideal_replicas(p);
  for (auto& r : replicas) r.active = false;
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(has_change(plan.raise, p.replicas[0].node, true, true));
  BOOST_TEST(plan.remove.empty());
}

BOOST_AUTO_TEST_CASE(a_copy_outside_the_ideal_state_is_deleted_once_everything_is_in_place) {
  auto table = table_for(DistributionConfig::flat(2, 4), 4, 2);
  const auto& p = table->at(kBucket);
  auto replicas = ideal_replicas(p);
  const uint16_t extra = non_ideal_node(p, 4);
  replicas.push_back(ReplicaState{extra, 3, 7, false, false, 300});
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.too_many_copies);
  BOOST_TEST(plan.merge.empty());
  BOOST_TEST(plan.remove == std::vector<uint16_t>{extra}, boost::test_tools::per_element());

  // Not while the ideal replicas disagree with it: first the merge.
  replicas.back().checksum = 8;
  plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.remove.empty());
  BOOST_TEST(plan.merge.size() == 3u);

  // Not while an ideal node did not answer.
  replicas.back().checksum = 7;
  std::vector<bool> listed = kAllListed;
  listed[p.replicas[1].node] = false;
  replicas.erase(replicas.begin() + 1);
  plan = plan_bucket(table->distribution(), p, replicas, listed);
  BOOST_TEST(plan.remove.empty());
}

BOOST_AUTO_TEST_CASE(an_active_copy_outside_the_ideal_state_hands_over_before_it_is_deleted) {
  auto table = table_for(DistributionConfig::flat(2, 4), 4, 2);
  const auto& p = table->at(kBucket);
  auto replicas = ideal_replicas(p);
  for (auto& r : replicas) r.active = false;
  const uint16_t extra = non_ideal_node(p, 4);
  replicas.push_back(ReplicaState{extra, 3, 7, true, true, 300});
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(has_change(plan.raise, p.replicas[0].node, true, true));
  BOOST_TEST(plan.lower.size() == 1u);
  BOOST_TEST(plan.lower[0].node == extra);
  BOOST_TEST(!plan.lower[0].role.active);
  BOOST_TEST(plan.remove.empty());  // the next cycle, once the activation moved
}

BOOST_AUTO_TEST_CASE(each_leaf_group_gets_one_active_replica) {
  auto table = table_for(two_groups_of_two(), 4, 2);
  const auto& p = table->at(kBucket);
  BOOST_REQUIRE_EQUAL(p.replicas.size(), 2u);
  auto replicas = ideal_replicas(p);
  for (auto& r : replicas) r.active = false;
  BucketPlan plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.group_without_active);
  BOOST_TEST(plan.raise.size() == 2u);
  for (const auto& r : p.replicas) BOOST_TEST(has_change(plan.raise, r.node, true, true));

  // Two active replicas in one group: the ideal one stays, the other is deactivated.
  replicas = ideal_replicas(p);
  const uint16_t ideal0 = p.replicas[0].node;
  const uint16_t sibling = ideal0 % 2 == 0 ? ideal0 + 1 : ideal0 - 1;  // same group, not ideal
  replicas.push_back(ReplicaState{sibling, 3, 7, true, true, 300});
  plan = plan_bucket(table->distribution(), p, replicas, kAllListed);
  BOOST_TEST(plan.raise.empty());
  BOOST_TEST(plan.lower.size() == 1u);
  BOOST_TEST(plan.lower[0].node == sibling);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
