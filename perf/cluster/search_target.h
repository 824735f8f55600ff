#pragma once

// Turns a benchmark Query (perf/common/query.h) into the request line of a /search/ GET on
// grove-container: YQL, percent-encoded, with the hit count, rank profile and trace level. The
// one place where this benchmark writes YQL (container/query/docs/yql.md).
//
//   and2          → text contains "a" and text contains "b"
//   or2           → (text contains "a" or text contains "b")
//   phrase2       → text contains phrase("a", "b")
//   +filter       → ... and range(length, lo, hi)          (inclusive)
//   +sort         → ... order by f1, f2 desc
//
// Usage:
//   SearchTarget t{.ranking = "rerank"};
//   std::string line = search_target(query, t);  // "/search/?yql=select%20...&hits=10&..."
//
// Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "perf/common/query.h"

namespace grove::perf {

struct SearchTarget {
  std::string text_field = "text";
  std::string select = "*";       // the YQL selection: "*" or "f1, f2"
  std::string sources = "*";      // "*" or document types
  std::string ranking = "default";
  uint32_t hits = 10;
  int trace_level = 1;            // 1: the container reports each node's search_ms
};

// The YQL statement for `query` (not encoded).
std::string to_yql(const Query& query, const SearchTarget& target);

// Every byte outside [A-Za-z0-9-._~] as %XX.
std::string percent_encode(std::string_view text);

// "/search/?yql=...&hits=N&ranking=P&trace.level=L".
std::string search_target(const Query& query, const SearchTarget& target);

}  // namespace grove::perf
