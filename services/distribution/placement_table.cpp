#include "services/distribution/placement_table.h"

#include <algorithm>

#include <fmt/format.h>

namespace grove::distribution {

namespace {

void collect_nodes(const Group& group, uint16_t& max_key) {
  for (uint16_t node : group.nodes()) max_key = std::max(max_key, node);
  for (const auto& child : group.children()) collect_nodes(*child, max_key);
}

}  // namespace

ClusterState PlacementTable::all_up_state(const Distribution& distribution,
                                          uint16_t distribution_bits, uint32_t version) {
  uint16_t max_key = 0;
  collect_nodes(distribution.root(), max_key);
  ClusterState state = ClusterState::all_up(static_cast<uint16_t>(max_key + 1), version);
  state.set_distribution_bits(distribution_bits);
  return state;
}

Result<std::shared_ptr<const PlacementTable>> PlacementTable::build(Distribution distribution,
                                                                    ClusterState state,
                                                                    uint16_t searchable_copies) {
  std::shared_ptr<PlacementTable> table(new PlacementTable());
  table->distribution_ = std::make_unique<Distribution>(std::move(distribution));
  table->state_ = std::move(state);
  const uint32_t bits = table->state_.distribution_bits();
  if (bits > 24) {
    return Status::InvalidArgument(fmt::format(
        "placement table: {} distribution bits would need 2^{} entries (at most 24 bits)", bits, bits));
  }
  const Distribution& d = *table->distribution_;
  const uint64_t count = uint64_t{1} << bits;
  table->entries_.resize(count);
  for (uint64_t i = 0; i < count; ++i) {
    BucketId bucket = BucketId::from_bits(bits, i);
    BucketPlacement& entry = table->entries_[i];
    GROVE_ASSIGN_OR_RETURN(entry.owner, d.ideal_distributor(bucket, table->state_));
    GROVE_ASSIGN_OR_RETURN(std::vector<uint16_t> nodes, d.ideal_storage_nodes(bucket, table->state_));
    if (nodes.empty()) {
      return Status::Unavailable(fmt::format("bucket {} has no storage node up in cluster state {}",
                                             bucket.to_hex(), table->state_.version()));
    }
    entry.replicas = assign_replica_roles(d, nodes, searchable_copies);
  }
  return std::shared_ptr<const PlacementTable>(std::move(table));
}

BucketId PlacementTable::storage_bucket(const Gid& gid) const {
  uint64_t location = uint64_t{gid.bytes[0]} | uint64_t{gid.bytes[1]} << 8 |
                      uint64_t{gid.bytes[2]} << 16 | uint64_t{gid.bytes[3]} << 24;
  return BucketId::from_bits(state_.distribution_bits(), location);
}

const IdealReplica* PlacementTable::replica(BucketId bucket, uint16_t node) const {
  for (const IdealReplica& r : at(bucket).replicas) {
    if (r.node == node) return &r;
  }
  return nullptr;
}

}  // namespace grove::distribution
