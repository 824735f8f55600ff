#include "config-model/model/dispatch_tuning.h"

namespace grove::config {

std::string_view dispatch_policy_name(DispatchPolicy policy) {
  switch (policy) {
    case DispatchPolicy::kRoundRobin:
      return "round-robin";
    case DispatchPolicy::kAdaptive:
      return "adaptive";
    case DispatchPolicy::kBestOfRandom2:
      return "best-of-random-2";
  }
  return "adaptive";
}

std::optional<DispatchPolicy> parse_dispatch_policy(std::string_view text) {
  if (text == "round-robin") return DispatchPolicy::kRoundRobin;
  if (text == "adaptive" || text == "random") return DispatchPolicy::kAdaptive;
  if (text == "best-of-random-2") return DispatchPolicy::kBestOfRandom2;
  return std::nullopt;
}

}  // namespace grove::config
