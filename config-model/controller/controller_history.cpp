#include "config-model/controller/controller_history.h"

#include <utility>

namespace grove::controller {

std::string_view history_event_name(HistoryEvent event) {
  switch (event) {
    case HistoryEvent::kPublished:
      return "published";
    case HistoryEvent::kNotPublished:
      return "not-published";
    case HistoryEvent::kNodeUp:
      return "node-up";
    case HistoryEvent::kNodeDown:
      return "node-down";
    case HistoryEvent::kWanted:
      return "wanted";
  }
  return "published";
}

void ControllerHistory::add(HistoryEntry entry) {
  entries_.push_back(std::move(entry));
  while (entries_.size() > capacity_) entries_.pop_front();
}

}  // namespace grove::controller
