#pragma once

// The placement a content node works with (DESIGN §4): the PlacementTable of its cluster in the
// static all-up cluster state, and the node's role for each bucket.
//
// A node gets a table when it can act on one: when it knows the Thrift endpoints of its cluster
// (--nodes), or when it is the only node of its cluster (then it is every bucket's owner and
// only replica). Without one, every bucket it stores is ready and active, as a single replica
// store.
//
// Free functions and a value type; thread-safe.

#include <memory>

#include "config-model/model/content_cluster.h"
#include "content/node/node_options.h"
#include "services/base/result.h"
#include "services/distribution/placement_table.h"

namespace grove::content {

// A replica's role for one bucket: ready replicas are indexed, the active one is searched.
struct ReplicaRole {
  bool ready = true;
  bool active = true;
};

// The role a bucket's stored flags give it: an active bucket is always indexed.
inline ReplicaRole role_from_flags(bool ready, bool active) { return ReplicaRole{ready || active, active}; }

// Checks options.nodes against the cluster (exactly its node keys: InvalidArgument naming a
// missing or an extra key) and builds the table when the node should have one (see above);
// nullptr when it should not. InvalidArgument when options.distribution_key is not a node of the
// cluster and a table is built.
Result<std::shared_ptr<const distribution::PlacementTable>> make_node_placement(
    const config::ContentCluster& cluster, const NodeOptions& options);

// The cluster's placement under `state` (its group tree and searchable copies); Unavailable
// when some bucket has no node in it.
Result<std::shared_ptr<const distribution::PlacementTable>> placement_for_state(
    const config::ContentCluster& cluster, distribution::ClusterState state);

// The role of `node` for `bucket`: from `table`, or ready and active without one. A node that is
// not an ideal replica of the bucket is neither ready nor active (it stores but does not index).
ReplicaRole role_of(const distribution::PlacementTable* table, distribution::BucketId bucket,
                    uint16_t node);

}  // namespace grove::content
