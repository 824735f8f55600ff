#pragma once

// parse_query_request(): the query of one search request, from its parameters, into a Query.
// This is the entry point the search handler calls; it picks the language and applies the
// model.* parameters.
//
//   yql given       parse_yql(yql); userQuery() stands for `query`, parsed in the simple
//                   language with model.defaultIndex and model.type.
//   only query      `query` in the simple language: select * from sources * where <items>.
//   neither         NotFound "No query: ..." (Vespa's NULL_QUERY, code 1), as for an empty
//                   or blank text.
// Invalid UTF-8 in either text is replaced by U+FFFD before parsing, so error messages are
// always valid UTF-8. Other problems are InvalidArgument (code 4), with a position for YQL.
//
// Usage:
//   QueryParameters p;
//   p.yql = request.param("yql");
//   p.query = request.param("query");
//   p.default_index = request.param_or("model.defaultIndex", "");
//   p.type = request.param_or("model.type", "all");
//   Result<Query> q = parse_query_request(p);
//   if (!q.ok()) return render_error_response({to_query_error(q.status())});
//
// Pure function; thread-safe.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>

#include "container/query/query.h"
#include "services/base/result.h"

namespace grove::query {

struct QueryParameters {
  std::optional<std::string> yql;    // yql=
  std::optional<std::string> query;  // query=
  std::string default_index;         // model.defaultIndex; "" = the `default` fieldset
  std::string type;                  // model.type: all, any, weakAnd or phrase; "" = all
  // Every request parameter, for YQL's userInput(@name).
  std::map<std::string, std::string, std::less<>> parameters;
  // Borrowed for the call (may be null): the names `field:` prefixes of the simple language
  // may use, e.g. QueryValidator::searchable_names().
  const std::unordered_set<std::string>* known_fields = nullptr;
};

Result<Query> parse_query_request(const QueryParameters& params);

}  // namespace grove::query
