#pragma once

// One benchmark query of a query set, and its one-line text form (the grammar is in
// perf/common/docs/queryset.md):
//
//   TYPE <TAB> TERMS <TAB> FILTER <TAB> SORT
//   and2+filter	water fire	length:120..2400	-
//
// TYPE names what the line asks for: the operator and the number of terms ("and1".."and3",
// "or2", "phrase3", ...), then "+filter" when it has a range filter and "+sort" when it orders
// by attributes instead of BM25. parse_query() checks that the type agrees with the rest of the
// line, so a query set cannot claim "and2" and hold three terms.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(Query q, parse_query("or2\tgod heaven\t-\t-"));
//   std::string line = format_query(q);
//
// Values; pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::perf {

enum class QueryOp { kAnd, kOr, kPhrase };

// Inclusive range over an integer attribute.
struct RangeFilter {
  std::string field;
  int64_t lo = 0;
  int64_t hi = 0;
  friend bool operator==(const RangeFilter&, const RangeFilter&) = default;
};

struct SortKey {
  std::string field;
  bool descending = false;
  friend bool operator==(const SortKey&, const SortKey&) = default;
};

struct Query {
  QueryOp op = QueryOp::kAnd;
  std::vector<std::string> terms;  // lowercase words, no whitespace
  std::optional<RangeFilter> filter;
  std::vector<SortKey> sort;  // empty: rank by BM25

  // "and2", "phrase3+filter", "and2+sort", ...
  std::string type() const;
  friend bool operator==(const Query&, const Query&) = default;
};

// "and", "or" or "phrase".
std::string_view op_name(QueryOp op);

// Parses one line (without the newline). InvalidArgument says what is wrong.
Result<Query> parse_query(std::string_view line);

// The line for `q`, without a newline; parse_query(format_query(q)) == q.
std::string format_query(const Query& q);

}  // namespace grove::perf
