#include "container/dispatch/coverage.h"

#include <algorithm>
#include <cmath>

namespace grove::dispatch {

double Coverage::percent() const {
  if (expected_documents == 0) return full() ? 100.0 : (nodes_expected ? 100.0 * nodes / nodes_expected : 0.0);
  double p = 100.0 * double(documents) / double(expected_documents);
  return std::min(100.0, std::round(p * 100) / 100);
}

void Coverage::write_json(JsonWriter& w) const {
  w.begin_object();
  w.key("coverage").number(full() ? 100.0 : percent());
  w.key("documents").number(documents);
  w.key("full").boolean(full());
  w.key("nodes").number(nodes);
  w.key("results").number(1);
  w.key("resultsFull").number(full() ? 1 : 0);
  if (!full()) {
    w.key("degraded").begin_object();
    w.key("match-phase").boolean(false);
    w.key("timeout").boolean(timed_out);
    w.key("adaptive-timeout").boolean(false);
    w.key("non-ideal-state").boolean(node_failed || nodes < nodes_expected);
    w.end_object();
  }
  w.end_object();
}

}  // namespace grove::dispatch
