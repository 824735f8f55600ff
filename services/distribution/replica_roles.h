#pragma once

// Replica roles for a bucket's ideal state (DESIGN §4): which ideal replicas are *ready*
// (indexed) and which are *active* (searched).
//
//  - Each leaf group that holds copies gets searchable_copies / leaf-group-count ready copies
//    (a flat cluster has one leaf group and so gets all of them): its best ideal replicas.
//  - In each leaf group the first ready replica is active, so every group answers for the whole
//    corpus and no document is returned twice.
//
// Usage:
//   auto nodes = distribution.ideal_storage_nodes(bucket, state).value();
//   for (const IdealReplica& r : assign_replica_roles(distribution, nodes, 2)) ...
//
// A pure function; thread-safe.

#include <cstdint>
#include <vector>

#include "services/distribution/distribution.h"

namespace grove::distribution {

struct IdealReplica {
  uint16_t node = 0;
  const Group* group = nullptr;  // the node's leaf group; owned by the Distribution
  bool ready = false;
  bool active = false;
};

// `ideal_nodes` in ideal-state order; `searchable_copies` is the cluster total.
std::vector<IdealReplica> assign_replica_roles(const Distribution& distribution,
                                               const std::vector<uint16_t>& ideal_nodes,
                                               uint16_t searchable_copies);

}  // namespace grove::distribution
