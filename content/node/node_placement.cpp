#include "content/node/node_placement.h"

#include <fmt/format.h>

#include <set>

namespace grove::content {

using distribution::PlacementTable;

namespace {

std::string key_list(const std::set<uint16_t>& keys) {
  std::string out;
  for (uint16_t k : keys) out += (out.empty() ? "" : ", ") + std::to_string(k);
  return out;
}

Status check_nodes(const config::ContentCluster& cluster, const NodeOptions& options,
                   const std::set<uint16_t>& keys) {
  for (uint16_t k : keys) {
    if (!options.nodes.contains(k)) {
      return Status::InvalidArgument(fmt::format(
          "--nodes lacks node {} of content cluster '{}': it must list every node of the cluster "
          "(keys {})", k, cluster.id, key_list(keys)));
    }
  }
  for (const auto& [k, endpoint] : options.nodes) {
    if (!keys.contains(k)) {
      return Status::InvalidArgument(fmt::format(
          "--nodes names node {} ({}:{}), which is not a node of content cluster '{}' (keys {})",
          k, endpoint.host, endpoint.port, cluster.id, key_list(keys)));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<const PlacementTable>> make_node_placement(
    const config::ContentCluster& cluster, const NodeOptions& options) {
  std::set<uint16_t> keys;
  for (const config::ContentNode* n : cluster.all_nodes()) keys.insert(n->distribution_key);
  if (!options.nodes.empty()) GROVE_RETURN_IF_ERROR(check_nodes(cluster, options, keys));
  if (options.nodes.empty() && keys.size() != 1) return std::shared_ptr<const PlacementTable>();
  if (!keys.contains(options.distribution_key)) {
    return Status::InvalidArgument(fmt::format(
        "distribution key {} is not a node of content cluster '{}' (keys {})",
        options.distribution_key, cluster.id, key_list(keys)));
  }
  GROVE_ASSIGN_OR_RETURN(distribution::Distribution d,
                         distribution::Distribution::create(cluster.distribution_config()));
  distribution::ClusterState state = PlacementTable::all_up_state(d, options.distribution_bits);
  return PlacementTable::build(std::move(d), std::move(state), cluster.searchable_copies);
}

Result<std::shared_ptr<const PlacementTable>> placement_for_state(const config::ContentCluster& cluster,
                                                                  distribution::ClusterState state) {
  GROVE_ASSIGN_OR_RETURN(distribution::Distribution d,
                         distribution::Distribution::create(cluster.distribution_config()));
  return PlacementTable::build(std::move(d), std::move(state), cluster.searchable_copies);
}

ReplicaRole role_of(const PlacementTable* table, distribution::BucketId bucket, uint16_t node) {
  if (table == nullptr) return ReplicaRole{};
  const distribution::IdealReplica* replica = table->replica(bucket, node);
  if (replica == nullptr) return ReplicaRole{false, false};
  return ReplicaRole{replica->ready, replica->active};
}

}  // namespace grove::content
