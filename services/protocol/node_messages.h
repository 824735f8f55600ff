#pragma once

// The node concern of the content protocol (docs/protocol.md): liveness and document counts.
// The cluster state and config calls of the control plane join this file.
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
  bool operator==(const PingReply&) const = default;
};

}  // namespace grove::protocol
