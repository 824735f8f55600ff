#pragma once

// The data a redeploy of one content cluster moves: for every bucket of `distribution_bits`
// bits (2^16 by default), its ideal storage nodes before and after, with every node up
// (services/distribution, Vespa's algorithm). A replica is identified by its node's
// distribution key AND host alias, since a node keeps its data on its host under its key: a
// key that moves to another host, like a host that changes key, starts empty.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(DataMovement m, expected_data_movement(old_cluster, new_cluster, 150));
//   fmt::print("{} of {} buckets move\n", m.buckets_changed, m.buckets);
//
// A pure function; thread-safe. For a 9-node cluster it takes tens of milliseconds (the
// figure is in docs/deploy-change.md).

#include <cstdint>

#include "config-model/model/content_cluster.h"
#include "services/base/result.h"

namespace grove::deploy {

inline constexpr uint16_t kMaxMovementBits = 20;  // 2^20 buckets at most

struct DataMovement {
  uint16_t distribution_bits = 16;
  uint64_t buckets = 0;            // 2^distribution_bits
  uint64_t buckets_changed = 0;    // whose set of ideal replicas differs
  uint64_t replicas_created = 0;   // new ideal replicas, each to be filled by a merge
  uint64_t replicas_removed = 0;   // replicas no longer ideal, deleted once the new are in sync
  double documents_per_bucket = 0;  // the caller's estimate
  uint64_t documents_moved = 0;     // replicas_created * documents_per_bucket, rounded
  friend bool operator==(const DataMovement&, const DataMovement&) = default;
};

// The movement from `before` to `after` (the same cluster id in two models). InvalidArgument
// for distribution_bits outside 1..kMaxMovementBits, a negative documents_per_bucket, or a
// cluster whose group tree placement refuses (which validation prevents).
Result<DataMovement> expected_data_movement(const config::ContentCluster& before,
                                            const config::ContentCluster& after,
                                            double documents_per_bucket,
                                            uint16_t distribution_bits = 16);

}  // namespace grove::deploy
