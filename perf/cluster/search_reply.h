#pragma once

// What the benchmark reads from a /search/ result (container/server/docs/search-api.md): the hits
// returned, whether coverage was full, the error entries, and — with trace.level=1 — the query
// phase time each content node reported for itself (`root.trace.nodes[].search_ms`) and the
// container's own phases (`root.trace.timing`).
//
// Usage:
//   SearchReplyReader reader;                   // one per client thread
//   Result<SearchFacts> facts = reader.read(body);
//
// SearchReplyReader reuses its parser's buffers: confined to one thread.

#include <cstdint>
#include <string_view>

#include <simdjson.h>

#include "services/base/result.h"

namespace grove::perf {

// The container's own phases of one query (`root.trace.timing`), in ms; -1 when absent.
struct ContainerTiming {
  double stats_ms = -1;   // the global term statistics round
  double search_ms = -1;  // the scatter to the group and the gather (round trips included)
  double fill_ms = -1;    // the docsum round
  double total_ms = -1;   // the container's whole handling
};

struct SearchFacts {
  uint32_t hits = 0;             // root.children
  bool coverage_full = true;     // false only when root.coverage.full is false
  uint32_t errors = 0;           // entries of root.errors
  double max_node_search_ms = -1;  // the slowest node's search_ms; -1 without a trace
  ContainerTiming timing;
};

class SearchReplyReader {
 public:
  // InvalidArgument when the body is not a JSON object with a "root" object.
  Result<SearchFacts> read(std::string_view body);

 private:
  simdjson::dom::parser parser_;
};

}  // namespace grove::perf
