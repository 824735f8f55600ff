#include "config-model/deploy/data_movement.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "services/distribution/distribution.h"

namespace grove::deploy {

namespace {

using distribution::BucketId;
using distribution::ClusterState;
using distribution::Distribution;

// One side of the comparison: placement, a state with every node up, and each key's host.
struct Side {
  Distribution distribution;
  ClusterState state;
  std::vector<uint32_t> host_of_key;  // an id per host alias, by distribution key
};

Result<Side> side_of(const config::ContentCluster& cluster, uint16_t bits,
                     std::map<std::string, uint32_t>& host_ids) {
  auto created = Distribution::create(cluster.distribution_config());
  if (!created.ok()) {
    return Status::InvalidArgument(fmt::format("content cluster '{}': placement refuses its groups: {}",
                                               cluster.id, created.status().message()));
  }
  uint16_t count = 0;
  for (const config::ContentNode* node : cluster.all_nodes()) {
    count = std::max<uint16_t>(count, static_cast<uint16_t>(node->distribution_key + 1));
  }
  Side side{std::move(created).value(), ClusterState::all_up(count), std::vector<uint32_t>(count, 0)};
  side.state.set_distribution_bits(bits);
  for (const config::ContentNode* node : cluster.all_nodes()) {
    auto [it, added] = host_ids.emplace(node->hostalias, static_cast<uint32_t>(host_ids.size()));
    side.host_of_key[node->distribution_key] = it->second;
  }
  return side;
}

// The replicas of `bucket` on one side, each as (key << 32 | host id), sorted.
Result<std::vector<uint64_t>> replicas(const Side& side, BucketId bucket) {
  GROVE_ASSIGN_OR_RETURN(std::vector<uint16_t> nodes,
                         side.distribution.ideal_storage_nodes(bucket, side.state));
  std::vector<uint64_t> out;
  out.reserve(nodes.size());
  for (uint16_t key : nodes) out.push_back((uint64_t{key} << 32) | side.host_of_key[key]);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<DataMovement> expected_data_movement(const config::ContentCluster& before,
                                            const config::ContentCluster& after,
                                            double documents_per_bucket, uint16_t distribution_bits) {
  if (distribution_bits < 1 || distribution_bits > kMaxMovementBits) {
    return Status::InvalidArgument(fmt::format("distribution bits {} is outside 1..{}",
                                               distribution_bits, kMaxMovementBits));
  }
  if (!(documents_per_bucket >= 0) || !std::isfinite(documents_per_bucket)) {
    return Status::InvalidArgument(fmt::format("documents per bucket {} is not a number >= 0",
                                               documents_per_bucket));
  }
  std::map<std::string, uint32_t> host_ids;  // shared, so that one alias is one id on both sides
  GROVE_ASSIGN_OR_RETURN(Side old_side, side_of(before, distribution_bits, host_ids));
  GROVE_ASSIGN_OR_RETURN(Side new_side, side_of(after, distribution_bits, host_ids));
  DataMovement m;
  m.distribution_bits = distribution_bits;
  m.buckets = uint64_t{1} << distribution_bits;
  m.documents_per_bucket = documents_per_bucket;
  std::vector<uint64_t> only;
  for (uint64_t i = 0; i < m.buckets; ++i) {
    BucketId bucket = BucketId::from_bits(distribution_bits, i);
    GROVE_ASSIGN_OR_RETURN(std::vector<uint64_t> old_replicas, replicas(old_side, bucket));
    GROVE_ASSIGN_OR_RETURN(std::vector<uint64_t> new_replicas, replicas(new_side, bucket));
    if (old_replicas == new_replicas) continue;
    ++m.buckets_changed;
    only.clear();
    std::set_difference(new_replicas.begin(), new_replicas.end(), old_replicas.begin(),
                        old_replicas.end(), std::back_inserter(only));
    m.replicas_created += only.size();
    only.clear();
    std::set_difference(old_replicas.begin(), old_replicas.end(), new_replicas.begin(),
                        new_replicas.end(), std::back_inserter(only));
    m.replicas_removed += only.size();
  }
  m.documents_moved = static_cast<uint64_t>(std::llround(double(m.replicas_created) * documents_per_bucket));
  return m;
}

}  // namespace grove::deploy
