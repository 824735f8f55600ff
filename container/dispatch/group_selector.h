#pragma once

// GroupSelector: picks the leaf group that answers a query (DESIGN §7).
//
// Policies (services.xml <dispatch-policy>):
//   round-robin       groups in turn;
//   adaptive/random   random, weighted by 1 / (decayed latency of the group);
//   best-of-random-2  two distinct random groups, the one with fewer queries in flight.
//
// Coverage rules: a group stays in rotation while its active documents are at least
// min-active-docs-coverage % of the median group's (of the largest group's when
// prioritize-availability is false), and re-enters only at that % of the largest group. A group
// with a node taken out of service does not qualify either. A query makes up to
// kMaxAttempts attempts on different groups; only the last accepts a group out of rotation.
// model.searchGroup pins a group softly: it is used whenever it qualifies for the attempt.
//
// Usage:
//   GroupSelector selector(tuning, groups.size(), seed);
//   selector.update_coverage(active_docs, all_nodes_up);     // after pings
//   auto g = selector.select(attempt, tried, pinned);        // per query attempt
//   selector.started(*g); ... selector.finished(*g, latency_ms);
//
// Thread-safe (one mutex; a few operations per query).

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "config-model/model/dispatch_tuning.h"

namespace grove::dispatch {

class GroupSelector {
 public:
  static constexpr uint32_t kMaxAttempts = 3;

  GroupSelector(config::DispatchTuning tuning, size_t groups, uint64_t seed);

  // Latest known active documents per group, and whether all of a group's nodes are working.
  void update_coverage(const std::vector<uint64_t>& active_docs,
                       const std::vector<bool>& all_nodes_working);

  // The group for attempt `attempt` (0-based), not one of `tried`; nullopt when no group
  // qualifies (or attempt >= kMaxAttempts).
  std::optional<size_t> select(uint32_t attempt, const std::vector<bool>& tried,
                               std::optional<size_t> pinned);

  void started(size_t group);
  void finished(size_t group, double latency_ms);

  bool in_rotation(size_t group) const;
  // Whether a first attempt finds a group: one with all its nodes working, in rotation.
  bool any_qualifies() const;
  double latency_ms(size_t group) const;
  uint32_t in_flight(size_t group) const;
  size_t group_count() const { return groups_.size(); }

 private:
  struct Group {
    uint64_t active_docs = 0;
    bool working = true;
    bool in_rotation = true;
    double latency_ms = 1.0;  // decayed average
    uint32_t in_flight = 0;
  };
  bool qualifies(size_t g, bool last_attempt, const std::vector<bool>& tried) const;
  size_t pick(const std::vector<size_t>& candidates);

  const config::DispatchTuning tuning_;
  mutable std::mutex mutex_;
  std::vector<Group> groups_;  // guarded by mutex_
  size_t next_round_robin_ = 0;
  std::mt19937_64 random_;
};

}  // namespace grove::dispatch
