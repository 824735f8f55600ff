#include "config-model/model/content_cluster.h"

#include <algorithm>

namespace grove::config {

namespace {

std::vector<distribution::NodeConfig> node_configs(const std::vector<ContentNode>& nodes) {
  std::vector<distribution::NodeConfig> out;
  for (const ContentNode& node : nodes) out.push_back({node.distribution_key, node.retired});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  return out;
}

}  // namespace

std::vector<const ContentNode*> ContentCluster::all_nodes() const {
  std::vector<const ContentNode*> out;
  for (const ContentNode& node : root.nodes) out.push_back(&node);
  for (const ContentGroup& group : root.groups) {
    for (const ContentNode& node : group.nodes) out.push_back(&node);
  }
  std::stable_sort(out.begin(), out.end(), [](const ContentNode* a, const ContentNode* b) {
    return a->distribution_key < b->distribution_key;
  });
  return out;
}

std::vector<const ContentGroup*> ContentCluster::leaf_groups() const {
  if (root.is_leaf()) return {&root};
  std::vector<const ContentGroup*> out;
  for (const ContentGroup& group : root.groups) out.push_back(&group);
  return out;
}

distribution::DistributionConfig ContentCluster::distribution_config() const {
  distribution::DistributionConfig config;
  config.redundancy = redundancy;
  config.ready_copies = searchable_copies;
  config.active_per_leaf_group = true;  // one active replica per leaf group (DESIGN §4)
  distribution::GroupConfig top;
  top.name = "invalid";
  top.partitions = root.is_leaf() ? std::nullopt : root.partitions;
  top.nodes = node_configs(root.nodes);
  config.groups.push_back(std::move(top));
  for (const ContentGroup& group : root.groups) {
    distribution::GroupConfig leaf;
    leaf.path = {group.distribution_key};
    leaf.name = group.name;
    leaf.nodes = node_configs(group.nodes);
    config.groups.push_back(std::move(leaf));
  }
  return config;
}

}  // namespace grove::config
