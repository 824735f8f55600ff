#pragma once

// parse_yql(): Vespa's YQL, the subset Grove supports (docs/yql.md), into a Query.
//
//   select <field>, ... | *  from sources <name>, ... | *  |  from <doctype>, ...
//   where <expression>
//   [order by <attribute> [asc|desc], ...] [limit N] [offset N] [timeout N] [;]
//
// Expressions: `field contains "term"`, `field contains phrase("a", "b")`, annotated terms
// (`{weight: 200}"term"`), `userQuery()`, `userInput(@param)`, `and`, `or`, `!`, parentheses,
// comparisons (< <= > >= =), `range(field, lo, hi)` with `{bounds: ...}`, `weakAnd(...)` with
// `{targetHits: N}`, `true` and `false`. Keywords and function names ignore case.
//
// Errors are InvalidArgument "Could not parse query: at position N: expected X after 'Y'" with
// the 1-based character position; an empty userQuery()/userInput() is NotFound ("No query").
// Nothing outside the subset is ignored: every other construct is an error that names it.
//
// Usage:
//   YqlContext context;
//   context.user_query = "fox -cat";  // the request's query= parameter
//   Result<Query> q = parse_yql("select * from music where userQuery() and year > 2000", context);
//
// Pure function; thread-safe. Never throws (except bad_alloc) and never crashes on any input.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "container/query/query.h"
#include "container/query/simple_query_parser.h"
#include "services/base/result.h"

namespace grove::query {

// How deep parentheses, `!` and function calls may nest.
inline constexpr int kMaxYqlDepth = 100;

struct YqlContext {
  // The request's `query` parameter, which userQuery() stands for; nullopt when absent.
  std::optional<std::string> user_query;
  // How userQuery() parses it: model.defaultIndex and model.type.
  SimpleQueryOptions user_query_options;
  // Borrowed for the call: the request's parameters, for userInput(@name). May be null.
  const std::map<std::string, std::string, std::less<>>* parameters = nullptr;
};

Result<Query> parse_yql(std::string_view yql, const YqlContext& context);

}  // namespace grove::query
