#pragma once

// Coverage: how much of the corpus a result was computed over, as Vespa reports it in
// root.coverage: {coverage, documents, full, nodes, results, resultsFull, degraded}.
//
// A node that fails or times out still counts in `expected_documents` (from its last ping), so
// its absence lowers `coverage` below 100 and `full` becomes false: a partial result is never
// silent.
//
// A plain value type.

#include <cstdint>
#include <string>

#include "services/base/json_writer.h"

namespace grove::dispatch {

struct Coverage {
  uint64_t documents = 0;           // documents searched by the nodes that answered
  uint64_t expected_documents = 0;  // documents the whole group holds (answers and last pings)
  uint32_t nodes = 0;               // nodes that answered
  uint32_t nodes_expected = 0;      // nodes in the group
  bool timed_out = false;           // a node did not answer in time
  bool node_failed = false;         // a node answered with an error or could not be reached

  bool full() const { return nodes == nodes_expected && !timed_out && !node_failed; }
  // Percent of the expected documents searched, 0..100 (100 for an empty corpus).
  double percent() const;
  // Writes the "coverage" object's value.
  void write_json(JsonWriter& w) const;
};

}  // namespace grove::dispatch
