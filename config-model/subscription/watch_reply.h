#pragma once

// WatchReply: one answer of the config server's long-poll, `GET /config/v1/watch`, read from its
// JSON body; and the request target that asks for it. The format is docs/subscription.md.
//
// Usage:
//   std::string target = watch_target(known_generation, 5, seen_states);
//   GROVE_ASSIGN_OR_RETURN(WatchReply reply, WatchReply::parse(http_reply.body));
//   if (reply.generation > known_generation) download(reply.package);
//
// Plain value types; the functions are pure (thread-safe).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::subscription {

// One content cluster's published cluster state.
struct ClusterStateInfo {
  uint64_t version = 0;
  std::string state;  // Vespa's cluster-state string, "version:7 distributor:4 storage:4"
  friend bool operator==(const ClusterStateInfo&, const ClusterStateInfo&) = default;
};

// By cluster id.
using ClusterStates = std::map<std::string, ClusterStateInfo>;

struct WatchReply {
  uint64_t generation = 0;    // 0 before the first deploy
  std::string package;        // the package's path on the config server; "" for generation 0
  std::string content_type;   // of the package; "" when not given
  std::string plan_json;      // the "plan" object as JSON text; "" for generation 0
  ClusterStates cluster_states;

  // InvalidArgument naming the field for a body that is not JSON, a missing or mistyped
  // "generation", a generation above 0 without "package" or "plan", or a malformed
  // "cluster-states" entry. Unknown fields are ignored (the server may add some).
  static Result<WatchReply> parse(std::string_view body);
};

// "/config/v1/watch?generation=G&timeout=S", with "&states=music:7,books:3" when `states` is
// not empty (the poll then also wakes when one of those clusters' versions passes).
std::string watch_target(uint64_t generation, uint32_t timeout_seconds, const ClusterStates& states);

}  // namespace grove::subscription
