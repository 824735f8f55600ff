#pragma once

// State generation: what the cluster controller publishes, computed from each node's reported
// and wanted state, the group tree and min-node-ratio-per-group (Vespa's rules, written up in
// docs/cluster-state.md). Pure and deterministic: the same inputs and `now` give the same
// state; no threads, no I/O.
//
// The state comes without a version (0): versioning belongs to the caller, which raises it
// only when the state's content (its string form) changes.
//
// Usage:
//   std::map<uint16_t, NodeInput> inputs = ...;   // per distribution key
//   GeneratedState g = generate_cluster_state(cluster, inputs, options, clock.now());
//   if (check_publishable(cluster, g.state).ok()) publish(g.state);
//
// Free functions over value types; thread-safe.

#include <cstdint>
#include <map>
#include <string>

#include "config-model/controller/node_states.h"
#include "config-model/model/content_cluster.h"
#include "services/base/clock.h"
#include "services/base/status.h"
#include "services/distribution/cluster_state.h"

namespace grove::controller {

struct NodeInput {
  ReportedState reported = ReportedState::kUnknown;
  SteadyTime reported_since{};  // when `reported` was first seen; for storage_transition_time
  WantedNodeState wanted;
};

struct GeneratorOptions {
  // Every published state has these bits; content nodes refuse a state that changes them.
  uint16_t distribution_bits = 16;
  // A storage node that stops answering is published in maintenance (not down) for this long,
  // so a quick restart moves no data (Vespa's storage transition time). 0: down at once.
  Duration storage_transition_time = Duration::zero();
};

struct GeneratedState {
  distribution::ClusterState state;  // version 0
  // Why each node is not up in `state`, for status pages and /cluster/v2 (not in the state's
  // string, so a changing error message does not change the state).
  std::map<uint16_t, std::string> reasons;
};

// The state for `cluster`: node count max key + 1; keys the cluster does not have are down; a
// node missing from `nodes` is unknown (generated as down).
GeneratedState generate_cluster_state(const config::ContentCluster& cluster,
                                      const std::map<uint16_t, NodeInput>& nodes,
                                      const GeneratorOptions& options, SteadyTime now);

// Ok when content nodes can place by `state`: some distributor is up and every bucket has an
// owner and at least one storage node (the check a node makes before adopting a state).
// Unavailable naming what is missing otherwise. Builds the cluster's placement table, so it
// costs tens of milliseconds: call it for a state that changed, not on every ping.
Status check_publishable(const config::ContentCluster& cluster,
                         const distribution::ClusterState& state);

}  // namespace grove::controller
