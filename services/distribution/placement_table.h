#pragma once

// PlacementTable: where every storage bucket of a content cluster lives under one cluster state,
// precomputed once: the owner (distributor) of each bucket and its ideal replicas with their
// roles (ready, active). Writers route by it (container → owner → replicas) and content nodes
// read their own role for each bucket from it (DESIGN §4, §5).
//
// A storage bucket uses exactly the state's distribution bits (16 by default), so its ideal state
// depends on those bits only and the table has 2^bits entries (65,536 by default; ~1.5 MB for
// redundancy 2, built in well under a second). Documents map to their storage bucket with
// storage_bucket().
//
// Usage:
//   auto table = PlacementTable::build(distribution, ClusterState::all_up(4), searchable_copies);
//   const BucketPlacement& p = table->at(table->storage_bucket(id.gid()));
//   send_to(p.owner); for (const IdealReplica& r : p.replicas) ...
//
// Immutable after build(); thread-safe. Keeps a copy of the Distribution it was built from.

#include <cstdint>
#include <memory>
#include <vector>

#include "services/base/status.h"
#include "services/distribution/bucket_id.h"
#include "services/distribution/cluster_state.h"
#include "services/distribution/distribution.h"
#include "services/distribution/document_id.h"
#include "services/distribution/replica_roles.h"

namespace grove::distribution {

struct BucketPlacement {
  uint16_t owner = 0;                  // the distributor of the bucket
  std::vector<IdealReplica> replicas;  // ideal storage nodes, best first, with their roles
};

class PlacementTable {
 public:
  // Unavailable when some bucket has no owner or no replica in `state` (every node down).
  static Result<std::shared_ptr<const PlacementTable>> build(Distribution distribution,
                                                             ClusterState state,
                                                             uint16_t searchable_copies);

  // The state's cluster-wide all-up twin for a static configuration: every node of the
  // distribution up, with the given distribution bits.
  static ClusterState all_up_state(const Distribution& distribution, uint16_t distribution_bits = 16,
                                   uint32_t version = 1);

  const Distribution& distribution() const { return *distribution_; }
  const ClusterState& state() const { return state_; }
  uint16_t distribution_bits() const { return state_.distribution_bits(); }

  // The storage bucket of a document: its location bits cut to the distribution bits.
  BucketId storage_bucket(const Gid& gid) const;
  // Precondition: `bucket` uses exactly distribution_bits() bits (as storage_bucket() gives).
  const BucketPlacement& at(BucketId bucket) const {
    return entries_[bucket.raw() & ((uint64_t{1} << state_.distribution_bits()) - 1)];
  }
  // The role of `node` for `bucket`; nullptr when the node is not an ideal replica.
  const IdealReplica* replica(BucketId bucket, uint16_t node) const;

 private:
  PlacementTable() = default;

  std::unique_ptr<Distribution> distribution_;  // heap: the replicas point into its groups
  ClusterState state_;
  std::vector<BucketPlacement> entries_;  // indexed by the bucket's low distribution bits
};

}  // namespace grove::distribution
