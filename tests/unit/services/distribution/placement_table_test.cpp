#include "services/distribution/placement_table.h"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <set>

namespace grove::distribution {

namespace {

DistributionConfig two_groups_of_two(uint16_t redundancy) {
  DistributionConfig config;
  config.redundancy = redundancy;
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

}  // namespace

BOOST_AUTO_TEST_SUITE(placement_table)

BOOST_AUTO_TEST_CASE(every_entry_matches_the_distribution_it_was_built_from) {
  auto d = Distribution::create(two_groups_of_two(2)).value();
  ClusterState state = PlacementTable::all_up_state(d);
  BOOST_TEST(state.node_count(NodeType::kStorage) == 4);
  auto table = PlacementTable::build(Distribution::create(two_groups_of_two(2)).value(), state, 2).value();
  for (uint64_t i = 0; i < 65536; i += 97) {
    BucketId bucket = BucketId::from_bits(16, i);
    const BucketPlacement& p = table->at(bucket);
    BOOST_REQUIRE_EQUAL(p.owner, d.ideal_distributor(bucket, state).value());
    auto nodes = d.ideal_storage_nodes(bucket, state).value();
    BOOST_REQUIRE_EQUAL(p.replicas.size(), nodes.size());
    std::set<std::string> groups;
    for (size_t r = 0; r < nodes.size(); ++r) {
      BOOST_REQUIRE_EQUAL(p.replicas[r].node, nodes[r]);
      BOOST_REQUIRE(p.replicas[r].ready);
      BOOST_REQUIRE(p.replicas[r].active);  // one copy per group: each is its group's active one
      groups.insert(p.replicas[r].group->name());
      BOOST_REQUIRE(table->replica(bucket, nodes[r]) == &p.replicas[r]);
    }
    BOOST_REQUIRE_EQUAL(groups.size(), 2u);
  }
}

BOOST_AUTO_TEST_CASE(storage_bucket_uses_the_location_cut_to_the_distribution_bits) {
  auto table = PlacementTable::build(Distribution::create(DistributionConfig::flat(2, 3)).value(),
                                     ClusterState::all_up(3), 1)
                   .value();
  auto id = DocumentId::parse("id:ns:music:n=1234567:a").value();
  BucketId bucket = table->storage_bucket(id.gid());
  BOOST_TEST(bucket.used_bits() == 16u);
  BOOST_TEST((bucket.raw() & 0xFFFF) == (1234567u & 0xFFFF));
  BOOST_TEST(table->replica(bucket, 7) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_flat_cluster_has_one_active_replica_per_bucket) {
  auto table = PlacementTable::build(Distribution::create(DistributionConfig::flat(2, 4)).value(),
                                     ClusterState::all_up(4), 2)
                   .value();
  std::map<uint16_t, int> owned;
  for (uint64_t i = 0; i < 65536; ++i) {
    const BucketPlacement& p = table->at(BucketId::from_bits(16, i));
    int active = 0;
    for (const auto& r : p.replicas) active += r.active;
    BOOST_REQUIRE_EQUAL(active, 1);
    ++owned[p.owner];
  }
  BOOST_TEST(owned.size() == 4u);
  for (auto [node, n] : owned) BOOST_TEST(std::abs(n - 16384) < 16384 / 10);
}

BOOST_AUTO_TEST_CASE(a_state_with_every_node_down_has_no_placement) {
  ClusterState state = ClusterState::parse("version:4 distributor:2 storage:2 .0.s:d .1.s:d").value();
  auto table = PlacementTable::build(Distribution::create(DistributionConfig::flat(1, 2)).value(), state, 1);
  BOOST_TEST(!table.ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::distribution
