#include "services/distribution/replica_roles.h"

#include <boost/test/unit_test.hpp>

#include <map>

namespace grove::distribution {

BOOST_AUTO_TEST_SUITE(replica_roles)

BOOST_AUTO_TEST_CASE(flat_cluster_readies_the_first_searchable_copies_and_activates_one) {
  auto d = Distribution::create(DistributionConfig::flat(3, 5)).value();
  auto roles = assign_replica_roles(d, {4, 1, 2}, 2);
  BOOST_REQUIRE_EQUAL(roles.size(), 3u);
  BOOST_TEST((roles[0].ready && roles[0].active));
  BOOST_TEST((roles[1].ready && !roles[1].active));
  BOOST_TEST((!roles[2].ready && !roles[2].active));
}

BOOST_AUTO_TEST_CASE(every_leaf_group_gets_its_share_of_ready_copies_and_one_active) {
  DistributionConfig config;
  config.redundancy = 4;
  GroupConfig root;
  root.partitions = PartitionSpec::parse("2|*").value();
  config.groups.push_back(root);
  for (uint16_t g = 0; g < 2; ++g) {
    GroupConfig leaf;
    leaf.path = {g};
    leaf.name = "group" + std::to_string(g);
    leaf.nodes = {NodeConfig{uint16_t(2 * g)}, NodeConfig{uint16_t(2 * g + 1)}};
    config.groups.push_back(leaf);
  }
  auto d = Distribution::create(config).value();
  ClusterState state = ClusterState::all_up(4);
  for (uint32_t i = 0; i < 512; ++i) {
    auto nodes = d.ideal_storage_nodes(BucketId::from_bits(16, i), state).value();
    std::map<const Group*, int> ready, active;
    for (const auto& r : assign_replica_roles(d, nodes, 2)) {
      ready[r.group] += r.ready;
      active[r.group] += r.active;
    }
    BOOST_REQUIRE_EQUAL(ready.size(), 2u);
    for (auto [group, n] : ready) BOOST_REQUIRE_EQUAL(n, 1);
    for (auto [group, n] : active) BOOST_REQUIRE_EQUAL(n, 1);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::distribution
