#include "config-model/controller/node_states.h"

#include <fmt/format.h>

namespace grove::controller {

std::string_view reported_state_name(ReportedState state) {
  switch (state) {
    case ReportedState::kUp:
      return "up";
    case ReportedState::kInitializing:
      return "initializing";
    case ReportedState::kStopping:
      return "stopping";
    case ReportedState::kDown:
      return "down";
    case ReportedState::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view wanted_state_name(WantedState state) {
  switch (state) {
    case WantedState::kUp:
      return "up";
    case WantedState::kDown:
      return "down";
    case WantedState::kMaintenance:
      return "maintenance";
    case WantedState::kRetired:
      return "retired";
  }
  return "up";
}

Result<WantedState> parse_wanted_state(std::string_view text) {
  if (text == "up") return WantedState::kUp;
  if (text == "down") return WantedState::kDown;
  if (text == "maintenance") return WantedState::kMaintenance;
  if (text == "retired") return WantedState::kRetired;
  if (text == "initializing" || text == "stopping") {
    return Status::InvalidArgument(fmt::format(
        "state '{}' cannot be wanted: only a node reports it (wanted states are up, down, "
        "maintenance, retired)",
        text));
  }
  return Status::InvalidArgument(fmt::format(
      "unknown node state '{}' (wanted states are up, down, maintenance, retired)", text));
}

}  // namespace grove::controller
