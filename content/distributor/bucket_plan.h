#pragma once

// The maintenance plan of one bucket (DESIGN §6): given its ideal state under the cluster
// state (a BucketPlacement) and the replicas the nodes hold, what a distributor must do to
// bring it there, and what is wrong with it (for the metrics).
//
//   - merge: when the replicas disagree (count or checksum), or an ideal node that answered
//     lacks the bucket: every replica and every such ideal node take part.
//   - ready and active, per leaf group: once the replicas agree, the active replica of a group
//     is one of its ideal replicas (an ideal one already active stays, so activation does not
//     move without need; otherwise the best placed), and the others are deactivated. While
//     they disagree, an active replica stays active (more documents wins among several), and a
//     group without one gets the replica with the most documents, so that no group loses what
//     it already serves. Ideal replicas are ready as the placement says; an active one always.
//   - delete: a replica on a node that is not ideal, only when every replica agrees, every
//     ideal node holds the bucket, and every group's active replica is an ideal one that is
//     active already; never one that queries of a previous layout still search.
//
// Activations come before deactivations (`raise` before `lower`): a distributor sends the
// second only once the first are done, so that a group never has no active replica of a bucket
// it covers.
//
// A pure function; thread-safe.

#include <cstdint>
#include <span>
#include <vector>

#include "content/node/node_placement.h"
#include "services/distribution/distribution.h"
#include "services/distribution/placement_table.h"

namespace grove::content {

// What one node reported for one bucket (protocol::BucketInfo).
struct ReplicaState {
  uint16_t node = 0;
  int64_t documents = 0;
  int64_t checksum = 0;
  bool ready = false;
  bool active = false;
  int64_t bytes = 0;
  bool previous_active = false;  // still searched by queries of the previous layout
  bool operator==(const ReplicaState&) const = default;
};

struct RoleChange {
  uint16_t node = 0;
  ReplicaRole role;
};

struct BucketPlan {
  std::vector<uint16_t> merge;   // nodes of the merge, ascending; empty: no merge
  std::vector<RoleChange> raise;  // ready or active set: first
  std::vector<RoleChange> lower;  // active or ready cleared: once `raise` is done
  std::vector<uint16_t> remove;  // replicas to delete
  // What is wrong, for the metrics.
  bool too_few_copies = false;   // an ideal node (that answered) lacks the bucket
  bool too_many_copies = false;  // a node that is not ideal holds it
  bool out_of_sync = false;      // the replicas disagree
  bool group_without_active = false;  // a leaf group with replicas has no active one

  bool idle() const { return merge.empty() && raise.empty() && lower.empty() && remove.empty(); }
};

// `replicas`: one per node that holds the bucket (nodes that did not answer are left out);
// `listed[node]`: whether `node` answered, so that its absence means it lacks the bucket (a key
// past the end did not answer).
BucketPlan plan_bucket(const distribution::Distribution& distribution,
                       const distribution::BucketPlacement& placement,
                       std::span<const ReplicaState> replicas, const std::vector<bool>& listed);

}  // namespace grove::content
