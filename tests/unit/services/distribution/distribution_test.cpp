#include "services/distribution/distribution.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace grove::distribution {

namespace {

// A grouped config: `groups` leaf groups of `per_group` nodes with consecutive keys.
DistributionConfig grouped(uint16_t redundancy, uint16_t groups, uint16_t per_group,
                           std::string_view partitions) {
  DistributionConfig config;
  config.redundancy = redundancy;
  GroupConfig root;
  root.name = "root";
  root.partitions = PartitionSpec::parse(partitions).value();
  config.groups.push_back(root);
  uint16_t key = 0;
  for (uint16_t g = 0; g < groups; ++g) {
    GroupConfig leaf;
    leaf.path = {g};
    leaf.name = "group" + std::to_string(g);
    for (uint16_t n = 0; n < per_group; ++n) leaf.nodes.push_back(NodeConfig{key++, false});
    config.groups.push_back(leaf);
  }
  return config;
}

Distribution make(DistributionConfig config) {
  auto d = Distribution::create(std::move(config));
  BOOST_REQUIRE_MESSAGE(d.ok(), d.status().to_string());
  return std::move(d).value();
}

BucketId bucket16(uint32_t i) { return BucketId::from_bits(16, i); }

std::string create_error(DistributionConfig config) {
  auto d = Distribution::create(std::move(config));
  BOOST_REQUIRE(!d.ok());
  return d.status().message();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(distribution)

BOOST_AUTO_TEST_CASE(no_bucket_has_two_copies_on_one_node) {
  for (auto config : {DistributionConfig::flat(3, 7), grouped(4, 2, 3, "2|*"),
                      grouped(3, 3, 3, "1|1|*")}) {
    Distribution d = make(config);
    ClusterState state = ClusterState::all_up(9);
    for (uint32_t i = 0; i < 4096; ++i) {
      auto nodes = d.ideal_storage_nodes(bucket16(i), state).value();
      BOOST_REQUIRE_EQUAL(nodes.size(), config.redundancy);
      std::set<uint16_t> unique(nodes.begin(), nodes.end());
      BOOST_REQUIRE_EQUAL(unique.size(), nodes.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(every_leaf_group_receives_the_copies_its_partition_gives) {
  struct Layout {
    uint16_t redundancy, groups, per_group;
    const char* partitions;
  };
  for (Layout l : {Layout{3, 3, 3, "1|1|*"}, Layout{4, 2, 2, "2|*"}, Layout{4, 4, 1, "1|1|1|*"},
                   Layout{5, 3, 3, "2|*"}, Layout{2, 4, 2, "1|*"}}) {
    Distribution d = make(grouped(l.redundancy, l.groups, l.per_group, l.partitions));
    std::vector<uint16_t> expected = PartitionSpec::parse(l.partitions)->expand(l.redundancy);
    ClusterState state = ClusterState::all_up(l.groups * l.per_group);
    std::map<const Group*, size_t> chosen;
    for (uint32_t i = 0; i < 2048; ++i) {
      std::map<const Group*, uint16_t> per_group;
      for (uint16_t node : d.ideal_storage_nodes(bucket16(i), state).value()) {
        ++per_group[d.group_of_node(node)];
      }
      std::vector<uint16_t> counts;
      for (auto& [group, n] : per_group) {
        counts.push_back(n);
        ++chosen[group];
      }
      std::sort(counts.rbegin(), counts.rend());
      BOOST_REQUIRE_MESSAGE(counts == expected, l.partitions);
    }
    // Each group gets its share of buckets: every group is chosen for some of them.
    BOOST_TEST(chosen.size() == size_t(l.groups), l.partitions);
  }
}

BOOST_AUTO_TEST_CASE(down_and_retired_nodes_receive_nothing) {
  Distribution d = make(grouped(4, 2, 4, "2|*"));
  auto state = ClusterState::parse("distributor:8 .1.s:d storage:8 .1.s:d .2.s:r .5.s:m .6.s:d").value();
  for (uint32_t i = 0; i < 4096; ++i) {
    for (uint16_t node : d.ideal_storage_nodes(bucket16(i), state).value()) {
      BOOST_REQUIRE(node != 1 && node != 2 && node != 6);
    }
    uint16_t owner = d.ideal_distributor(bucket16(i), state).value();
    BOOST_REQUIRE(owner != 1);
  }
}

BOOST_AUTO_TEST_CASE(maintenance_nodes_keep_storage_but_not_ownership) {
  Distribution d = make(DistributionConfig::flat(2, 4));
  auto state = ClusterState::parse("distributor:4 .3.s:m storage:4 .3.s:m").value();
  bool stored_on_3 = false;
  for (uint32_t i = 0; i < 1024; ++i) {
    auto nodes = d.ideal_storage_nodes(bucket16(i), state).value();
    stored_on_3 |= std::find(nodes.begin(), nodes.end(), 3) != nodes.end();
    BOOST_REQUIRE(d.ideal_distributor(bucket16(i), state).value() != 3);
  }
  BOOST_TEST(stored_on_3);
}

BOOST_AUTO_TEST_CASE(adding_a_node_moves_at_most_its_fair_share_of_replicas) {
  for (uint16_t n : {3, 5, 10}) {
    Distribution before = make(DistributionConfig::flat(2, n));
    Distribution after = make(DistributionConfig::flat(2, n + 1));
    ClusterState s1 = ClusterState::all_up(n), s2 = ClusterState::all_up(n + 1);
    size_t moved = 0, total = 0;
    for (uint32_t i = 0; i < 65536; ++i) {
      auto a = before.ideal_storage_nodes(bucket16(i), s1).value();
      auto b = after.ideal_storage_nodes(bucket16(i), s2).value();
      for (uint16_t node : b) moved += std::find(a.begin(), a.end(), node) == a.end();
      total += b.size();
    }
    double fraction = double(moved) / double(total);
    BOOST_TEST_MESSAGE("n=" << n << " moved fraction " << fraction);
    BOOST_TEST(fraction <= 1.15 / (n + 1));
    BOOST_TEST(fraction > 0.0);
  }
}

BOOST_AUTO_TEST_CASE(bucket_counts_per_node_are_within_five_percent_of_the_mean) {
  for (auto config : {DistributionConfig::flat(2, 10), grouped(4, 2, 5, "2|*")}) {
    Distribution d = make(config);
    ClusterState state = ClusterState::all_up(10);
    std::map<uint16_t, size_t> counts;
    for (uint32_t i = 0; i < 65536; ++i) {
      for (uint16_t node : d.ideal_storage_nodes(bucket16(i), state).value()) ++counts[node];
    }
    BOOST_REQUIRE_EQUAL(counts.size(), 10u);
    double mean = 65536.0 * config.redundancy / 10;
    for (auto [node, count] : counts) {
      BOOST_TEST(std::abs(double(count) - mean) <= 0.05 * mean, "node " << node << ": " << count);
    }
  }
}

BOOST_AUTO_TEST_CASE(higher_group_capacity_attracts_more_buckets) {
  DistributionConfig config = grouped(1, 2, 2, "1|*");
  config.groups[2].capacity = 3.0;
  Distribution d = make(config);
  ClusterState state = ClusterState::all_up(4);
  size_t in_big = 0;
  for (uint32_t i = 0; i < 8192; ++i) {
    in_big += d.group_of_node(d.ideal_storage_nodes(bucket16(i), state).value()[0])->index() == 1;
  }
  BOOST_TEST(in_big > 8192 * 0.6);
}

BOOST_AUTO_TEST_CASE(too_few_bucket_bits_is_an_error) {
  Distribution d = make(DistributionConfig::flat(2, 4));
  ClusterState state = ClusterState::all_up(4);
  auto nodes = d.ideal_storage_nodes(BucketId::from_bits(8, 3), state);
  BOOST_TEST(nodes.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(nodes.status().message(), "uses 8 bits but the cluster uses 16"));
}

BOOST_AUTO_TEST_CASE(no_distributor_up_names_the_state_version) {
  Distribution d = make(DistributionConfig::flat(1, 2));
  auto state = ClusterState::parse("version:9 distributor:2 .0.s:d .1.s:d storage:2").value();
  auto owner = d.ideal_distributor(bucket16(1), state);
  BOOST_TEST(owner.status().code() == StatusCode::kUnavailable);
  BOOST_TEST(contains(owner.status().message(), "version 9"));
}

BOOST_AUTO_TEST_CASE(owner_moves_to_another_group_when_a_whole_group_is_down) {
  Distribution d = make(grouped(2, 2, 2, "1|*"));
  auto state = ClusterState::parse("distributor:4 .0.s:d .1.s:d storage:4").value();
  for (uint32_t i = 0; i < 1024; ++i) {
    uint16_t owner = d.ideal_distributor(bucket16(i), state).value();
    BOOST_REQUIRE(owner == 2 || owner == 3);
  }
}

BOOST_AUTO_TEST_CASE(structural_errors_are_reported) {
  DistributionConfig dup_node = DistributionConfig::flat(1, 2);
  dup_node.groups[0].nodes[1].index = 0;
  BOOST_TEST(contains(create_error(dup_node), "distribution key 0 is used twice"));

  DistributionConfig dup_group = grouped(2, 2, 1, "1|*");
  dup_group.groups[2].path = {0};
  BOOST_TEST(contains(create_error(dup_group), "used by two sibling groups"));

  DistributionConfig no_partitions = grouped(2, 2, 1, "1|*");
  no_partitions.groups[0].partitions.reset();
  BOOST_TEST(contains(create_error(no_partitions), "no partitions"));

  DistributionConfig orphan = grouped(2, 2, 1, "1|*");
  orphan.groups[2].path = {5, 1};
  BOOST_TEST(contains(create_error(orphan), "parent group is not defined"));

  DistributionConfig empty_leaf = grouped(2, 2, 1, "1|*");
  empty_leaf.groups[2].nodes.clear();
  BOOST_TEST(contains(create_error(empty_leaf), "neither nodes nor child groups"));

  DistributionConfig relative = DistributionConfig::flat(1, 2);
  relative.relative_node_order_scoring = true;
  BOOST_TEST(contains(create_error(relative), "unsupported"));
}

BOOST_AUTO_TEST_CASE(vespa_config_text_round_trips) {
  DistributionConfig config = grouped(3, 3, 2, "1|1|*");
  config.groups[1].capacity = 2.5;
  config.groups[2].nodes[0].retired = true;
  auto parsed = DistributionConfig::parse_vespa_text(config.to_vespa_text());
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST((*parsed == config));
}

BOOST_AUTO_TEST_CASE(vespa_config_text_errors_name_the_line) {
  auto bad = DistributionConfig::parse_vespa_text("redundancy 2\ngroup[0].partitions \"1|x\"\n");
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(contains(bad.status().message(), "line 2"));
  BOOST_TEST(contains(bad.status().message(), "\"x\""));
  BOOST_TEST(!DistributionConfig::parse_vespa_text("redundancy many\n").ok());
  BOOST_TEST(!DistributionConfig::parse_vespa_text("redundancy 1\n").ok());
}

BOOST_AUTO_TEST_CASE(the_layout_id_changes_only_with_which_nodes_share_a_leaf_group) {
  const uint64_t flat2 = make(DistributionConfig::flat(2, 4)).layout_id();
  BOOST_TEST(flat2 != 0u);
  BOOST_TEST(make(DistributionConfig::flat(4, 4)).layout_id() == flat2);  // redundancy aside
  BOOST_TEST(make(DistributionConfig::flat(2, 5)).layout_id() != flat2);  // a node more
  const uint64_t two_by_two = make(grouped(2, 2, 2, "1|*")).layout_id();
  const uint64_t four_by_one = make(grouped(4, 4, 1, "1|1|1|*")).layout_id();
  BOOST_TEST(two_by_two != flat2);
  BOOST_TEST(four_by_one != flat2);
  BOOST_TEST(four_by_one != two_by_two);
  BOOST_TEST(make(grouped(4, 2, 2, "2|*")).layout_id() == two_by_two);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::distribution
