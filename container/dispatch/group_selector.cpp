#include "container/dispatch/group_selector.h"

#include <algorithm>

namespace grove::dispatch {

namespace {
constexpr double kLatencyDecay = 0.05;  // weight of the newest sample in the decayed average
}

GroupSelector::GroupSelector(config::DispatchTuning tuning, size_t groups, uint64_t seed)
    : tuning_(tuning), groups_(groups), random_(seed) {}

void GroupSelector::update_coverage(const std::vector<uint64_t>& active_docs,
                                    const std::vector<bool>& all_nodes_working) {
  std::lock_guard lock(mutex_);
  std::vector<uint64_t> sorted = active_docs;
  std::sort(sorted.begin(), sorted.end());
  uint64_t max = sorted.empty() ? 0 : sorted.back();
  uint64_t median = sorted.empty() ? 0 : sorted[(sorted.size() - 1) / 2];
  double keep_base = tuning_.prioritize_availability ? double(median) : double(max);
  double fraction = tuning_.min_active_docs_coverage / 100.0;
  for (size_t g = 0; g < groups_.size() && g < active_docs.size(); ++g) {
    Group& group = groups_[g];
    group.active_docs = active_docs[g];
    group.working = g < all_nodes_working.size() ? all_nodes_working[g] : true;
    double docs = double(group.active_docs);
    // Hysteresis: staying needs the median (or max) share; coming back needs the max share.
    group.in_rotation = group.in_rotation ? docs >= fraction * keep_base : docs >= fraction * double(max);
  }
}

bool GroupSelector::qualifies(size_t g, bool last_attempt, const std::vector<bool>& tried) const {
  if (g >= groups_.size() || (g < tried.size() && tried[g])) return false;
  if (last_attempt) return true;
  return groups_[g].working && groups_[g].in_rotation;
}

bool GroupSelector::any_qualifies() const {
  std::lock_guard lock(mutex_);
  const std::vector<bool> none_tried;
  for (size_t g = 0; g < groups_.size(); ++g) {
    if (qualifies(g, false, none_tried)) return true;
  }
  return false;
}

std::optional<size_t> GroupSelector::select(uint32_t attempt, const std::vector<bool>& tried,
                                            std::optional<size_t> pinned) {
  if (attempt >= kMaxAttempts) return std::nullopt;
  std::lock_guard lock(mutex_);
  bool last = attempt + 1 == kMaxAttempts;
  if (pinned && qualifies(*pinned, last, tried)) return pinned;
  std::vector<size_t> candidates;
  for (size_t g = 0; g < groups_.size(); ++g) {
    if (qualifies(g, last, tried)) candidates.push_back(g);
  }
  // No whole group left: a group with a node out (or below coverage) answers with what it has,
  // flagged partial, rather than the query failing.
  if (candidates.empty() && !last) {
    for (size_t g = 0; g < groups_.size(); ++g) {
      if (qualifies(g, true, tried)) candidates.push_back(g);
    }
  }
  if (candidates.empty()) return std::nullopt;
  return pick(candidates);
}

size_t GroupSelector::pick(const std::vector<size_t>& candidates) {
  using config::DispatchPolicy;
  switch (tuning_.policy) {
    case DispatchPolicy::kRoundRobin: {
      for (size_t step = 0; step < groups_.size(); ++step) {
        size_t g = (next_round_robin_ + step) % groups_.size();
        if (std::find(candidates.begin(), candidates.end(), g) != candidates.end()) {
          next_round_robin_ = g + 1;
          return g;
        }
      }
      return candidates.front();
    }
    case DispatchPolicy::kBestOfRandom2: {
      std::uniform_int_distribution<size_t> any(0, candidates.size() - 1);
      size_t a = candidates[any(random_)];
      if (candidates.size() == 1) return a;
      size_t b = a;
      while (b == a) b = candidates[any(random_)];
      return groups_[b].in_flight < groups_[a].in_flight ? b : a;
    }
    case DispatchPolicy::kAdaptive: {
      std::vector<double> weights;
      for (size_t g : candidates) weights.push_back(1.0 / std::max(groups_[g].latency_ms, 1e-3));
      std::discrete_distribution<size_t> weighted(weights.begin(), weights.end());
      return candidates[weighted(random_)];
    }
  }
  return candidates.front();
}

void GroupSelector::started(size_t group) {
  std::lock_guard lock(mutex_);
  if (group < groups_.size()) ++groups_[group].in_flight;
}

void GroupSelector::finished(size_t group, double latency_ms) {
  std::lock_guard lock(mutex_);
  if (group >= groups_.size()) return;
  Group& g = groups_[group];
  if (g.in_flight > 0) --g.in_flight;
  g.latency_ms = (1 - kLatencyDecay) * g.latency_ms + kLatencyDecay * std::max(latency_ms, 0.0);
}

bool GroupSelector::in_rotation(size_t group) const {
  std::lock_guard lock(mutex_);
  return group < groups_.size() && groups_[group].in_rotation && groups_[group].working;
}

double GroupSelector::latency_ms(size_t group) const {
  std::lock_guard lock(mutex_);
  return group < groups_.size() ? groups_[group].latency_ms : 0;
}

uint32_t GroupSelector::in_flight(size_t group) const {
  std::lock_guard lock(mutex_);
  return group < groups_.size() ? groups_[group].in_flight : 0;
}

}  // namespace grove::dispatch
