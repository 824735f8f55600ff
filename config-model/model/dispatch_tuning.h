#pragma once

// DispatchTuning: how the container's dispatcher picks a leaf group for each query and how it
// judges a group's coverage, from `<content><tuning><dispatch>` (DESIGN §7). Defaults are
// Vespa's. A plain value type.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

namespace grove::config {

enum class DispatchPolicy {
  kRoundRobin,     // `round-robin`: groups in turn
  kAdaptive,       // `adaptive` (alias `random`): probability inversely proportional to latency
  kBestOfRandom2,  // `best-of-random-2`: the less loaded of two random groups
};

// The services.xml spelling: "round-robin", "adaptive" or "best-of-random-2".
std::string_view dispatch_policy_name(DispatchPolicy policy);

inline std::ostream& operator<<(std::ostream& os, DispatchPolicy policy) {
  return os << dispatch_policy_name(policy);
}

// The policy for a services.xml spelling (accepting the alias `random`), or nullopt.
std::optional<DispatchPolicy> parse_dispatch_policy(std::string_view text);

struct DispatchTuning {
  DispatchPolicy policy = DispatchPolicy::kAdaptive;
  double min_active_docs_coverage = 97.0;  // percent, 0..100
  bool prioritize_availability = true;
  double top_k_probability = 0.9999;  // 0 < p <= 1
  std::optional<uint32_t> max_hits_per_partition;
};

}  // namespace grove::config
