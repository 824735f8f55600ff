#pragma once

// The two inputs the cluster controller has about each content node (docs/cluster-state.md):
//   - the reported state: what the node's pings say (up, initializing, stopping), or down when a
//     ping fails or times out, or unknown before the first ping has been answered;
//   - the wanted state: what an operator asked for (/cluster/v2 PUT, or `retired="true"` in
//     services.xml), one of up, down, maintenance, retired, with a reason and when it was set.
//
// Usage:
//   Result<WantedState> w = parse_wanted_state("maintenance");
//   std::string_view name = wanted_state_name(*w);   // "maintenance"
//
// Plain value types and free functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::controller {

enum class ReportedState : uint8_t {
  kUnknown,  // not heard from yet; generated as down, but nothing is published on it alone
  kUp,
  kInitializing,
  kStopping,
  kDown,  // the ping failed or had no answer before its deadline
};

// Only the states an operator may ask for (Vespa's user states).
enum class WantedState : uint8_t { kUp, kDown, kMaintenance, kRetired };

struct WantedNodeState {
  WantedState state = WantedState::kUp;
  std::string reason;
  int64_t set_at_us = 0;  // wall clock; 0: never set (the default up)
  bool operator==(const WantedNodeState&) const = default;
};

// "up", "initializing", "stopping", "down", "unknown".
std::string_view reported_state_name(ReportedState state);
// "up", "down", "maintenance", "retired".
std::string_view wanted_state_name(WantedState state);

// One of up, down, maintenance, retired (lower case, as /cluster/v2 writes them).
// InvalidArgument for initializing and stopping (only a node can report those) and for anything
// else, naming the value and the states that can be wanted.
Result<WantedState> parse_wanted_state(std::string_view text);

}  // namespace grove::controller
