#pragma once

// Content clusters built in memory for the controller's pure tests: a flat cluster of n nodes
// and a grouped one (groups × nodes, partitions 1|*), as a validated model would hold them.

#include <fmt/format.h>

#include "config-model/model/content_cluster.h"

namespace grove::controller::testing {

inline config::ContentNode node(uint16_t key, const std::string& group) {
  config::ContentNode n;
  n.distribution_key = key;
  n.hostalias = fmt::format("node{}", key);
  n.group = group;
  return n;
}

inline config::ContentCluster flat_cluster(uint16_t nodes, uint16_t redundancy = 2) {
  config::ContentCluster c;
  c.id = "music";
  c.redundancy = redundancy;
  c.searchable_copies = redundancy;
  for (uint16_t k = 0; k < nodes; ++k) c.root.nodes.push_back(node(k, ""));
  return c;
}

inline config::ContentCluster grouped_cluster(uint16_t groups, uint16_t per_group,
                                              double min_ratio = 0) {
  config::ContentCluster c;
  c.id = "music";
  c.redundancy = groups;
  c.searchable_copies = groups;
  c.grouped = true;
  c.min_node_ratio_per_group = min_ratio;
  c.root.partitions = distribution::PartitionSpec::parse("1|*").value();
  if (groups > 2) {
    std::string spec;
    for (uint16_t g = 0; g + 1 < groups; ++g) spec += "1|";
    c.root.partitions = distribution::PartitionSpec::parse(spec + "*").value();
  }
  uint16_t key = 0;
  for (uint16_t g = 0; g < groups; ++g) {
    config::ContentGroup group;
    group.name = fmt::format("group{}", g);
    group.distribution_key = g;
    for (uint16_t n = 0; n < per_group; ++n, ++key) {
      group.nodes.push_back(node(key, group.name));
    }
    c.root.groups.push_back(std::move(group));
  }
  return c;
}

}  // namespace grove::controller::testing
