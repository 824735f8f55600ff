#pragma once

// QuerySet: a benchmark query file in memory. The file is UTF-8 text, one query per line in the
// form of query.h; lines starting with '#' are header comments (the generator writes
// "# key=value" lines, among them "# seed=N"); blank lines are skipped. The grammar is in
// perf/common/docs/queryset.md.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(QuerySet set, read_query_set("var/perf/gcide.queries"));
//   for (const std::string& type : set.types()) ...
//
// A value; const methods are thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "perf/common/query.h"
#include "services/base/result.h"

namespace grove::perf {

struct QuerySet {
  std::vector<std::string> header;  // comment lines, without the leading "# "
  std::vector<Query> queries;       // in file order

  // The distinct query types, in order of first appearance.
  std::vector<std::string> types() const;

  // The value of a "key=value" header line, if any.
  std::optional<std::string> header_value(std::string_view key) const;

  // The attributes the queries filter or sort on, in order of first appearance.
  std::vector<std::string> numeric_fields() const;
};

// Reads a query file. IoError when it cannot be read; InvalidArgument with file:line for the
// first bad line.
Result<QuerySet> read_query_set(const std::string& path);

// Parses the text of a query file; `name` is used in error messages.
Result<QuerySet> parse_query_set(std::string_view text, std::string_view name);

// The text of a query file: the header lines ("# " + line), then one line per query.
std::string format_query_set(const QuerySet& set);

// Writes format_query_set(set) to `path` (through a temporary file and a rename). IoError on
// failure.
Status write_query_set(const std::string& path, const QuerySet& set);

}  // namespace grove::perf
