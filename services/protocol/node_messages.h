#pragma once

// The node concern of the content protocol (docs/protocol.md): liveness and document counts,
// and the cluster state the cluster controller publishes. The config calls of the control
// plane join this file.
//
// Plain value types; see search_messages.h.

#include <cstdint>
#include <string>

namespace grove::protocol {

enum class NodeServiceState : uint8_t {
  kInitializing = 1,
  kUp = 2,
  kStopping = 3,  // callers stop sending
};

// A node's bucket maintenance as its distributor last found it (content::BucketMaintainer).
struct MaintenanceReport {
  uint32_t state_version = 0;  // the cluster state of the database; 0 before the first
  uint64_t layout = 0;         // the layout of the last comparison (Distribution::layout_id)
  int64_t buckets = 0;         // owned buckets known
  int64_t pending = 0;         // buckets with any work left
  int64_t pending_merge = 0;
  int64_t too_few_copies = 0;
  int64_t too_many_copies = 0;
  int64_t out_of_sync = 0;
  int64_t without_active = 0;   // buckets with a leaf group that has no active replica
  int64_t documents_moved = 0;  // entries applied by merges, since start
  int64_t bytes_moved = 0;
  int64_t cycles = 0;
  int64_t roles_pending = 0;  // buckets with a replica to set ready, active or back
  bool operator==(const MaintenanceReport&) const = default;
};

struct PingRequest {
  bool operator==(const PingRequest&) const = default;
};

struct PingReply {
  NodeServiceState state = NodeServiceState::kUp;
  uint16_t distribution_key = 0;
  std::string cluster;
  int64_t active_docs = 0;
  int64_t total_docs = 0;
  int64_t buckets = 0;
  int64_t config_generation = 0;
  double static_query_cost_ms = 0;    // SQC estimate: the fixed cost of a query
  double document_query_cost_ms = 0;  // DQC estimate: the cost per matched document
  uint32_t cluster_state_version = 0;  // of the state the node routes and places by
  uint64_t layout_id = 0;           // which nodes share a leaf group in the node's config
  uint64_t previous_layout_id = 0;  // the layout it is leaving, while queried; 0: none
  int64_t previous_layout_docs = 0;
  MaintenanceReport maintenance;    // default (all zero): the node runs no maintenance
  bool operator==(const PingReply&) const = default;
};

// The cluster controller's versioned cluster state, in Vespa's string form
// ("version:12 distributor:4 storage:4 .1.s:d"). A node adopts it only when its version is
// newer than the one it has; an older or equal one changes nothing and is not an error.
struct SetClusterStateRequest {
  std::string cluster_state;
  bool operator==(const SetClusterStateRequest&) const = default;
};

struct SetClusterStateReply {
  uint32_t version = 0;  // the version the node now routes and places by
  bool operator==(const SetClusterStateReply&) const = default;
};

}  // namespace grove::protocol
