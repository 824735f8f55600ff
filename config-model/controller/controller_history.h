#pragma once

// ControllerHistory: the bounded record of what a cluster controller did to one content
// cluster, for its status page and for operators asking "when did node 3 go down?": every
// published state, every node transition (reported down, back up, ...), every wanted-state
// change and every state that could not be published, with the wall-clock time of each.
//
// Holds at most `capacity` entries; the oldest go first.
//
// Usage:
//   ControllerHistory history(100);
//   history.add({clock.wall_us(), HistoryEvent::kNodeDown, 3, "ping failed: connection refused"});
//   for (const HistoryEntry& e : history.entries()) ...   // oldest first
//
// Not thread-safe; the controller keeps it under its mutex.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace grove::controller {

enum class HistoryEvent : uint8_t {
  kPublished,     // a new cluster state; `text` is its string form
  kNotPublished,  // a generated state that would leave buckets without a node; `text` says why
  kNodeUp,        // a node's reported state became up (or initializing)
  kNodeDown,      // a node's reported state became down or stopping
  kWanted,        // an operator's wanted state
};

struct HistoryEntry {
  int64_t wall_us = 0;
  HistoryEvent event = HistoryEvent::kPublished;
  int key = -1;  // the node's distribution key; -1 for cluster events
  std::string text;
};

// "published", "not-published", "node-up", "node-down", "wanted".
std::string_view history_event_name(HistoryEvent event);

class ControllerHistory {
 public:
  // Precondition: capacity > 0.
  explicit ControllerHistory(size_t capacity) : capacity_(capacity) {}

  void add(HistoryEntry entry);
  // Oldest first.
  std::vector<HistoryEntry> entries() const { return {entries_.begin(), entries_.end()}; }
  size_t size() const { return entries_.size(); }

 private:
  size_t capacity_;
  std::deque<HistoryEntry> entries_;  // Invariant: size() <= capacity_
};

}  // namespace grove::controller
