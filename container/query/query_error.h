#pragma once

// QueryError: one entry of the `errors` list of a Vespa search result, with Vespa's error codes
// (com.yahoo.container.protect.Error) and summaries, and the JSON error response a search
// container returns when a query cannot run.
//
// The query library reports problems as Status values; to_query_error() maps them:
//   NotFound          -> 1  "Null query"               (the query text is empty: "No query")
//   InvalidArgument   -> 4  "Invalid query parameter"  (YQL syntax, query=, model.type, schema)
//   DeadlineExceeded  -> 12 "Timed out"
//   Unavailable       -> 10 "Backend communication error"
//   ResourceExhausted -> 0  "No backends in service. Try later"
//   anything else     -> 18 "Internal server error."
//
// Usage:
//   Result<Query> q = parse_query_request(params);
//   if (!q.ok()) {
//     std::vector<QueryError> errors{to_query_error(q.status())};
//     respond(http_status_of(errors), render_error_response(errors));
//   }
//
// Plain value types and pure functions; thread-safe.

#include <string>
#include <vector>

#include "services/base/status.h"

namespace grove::query {

// Vespa's codes (com.yahoo.container.protect.Error), the ones Grove uses.
enum QueryErrorCode : int {
  kNoBackendsInService = 0,
  kNullQuery = 1,
  kIllegalQuery = 3,
  kInvalidQueryParameter = 4,
  kUnspecified = 5,
  kBackendCommunicationError = 10,
  kTimeout = 12,
  kInternalServerError = 18,
};

struct QueryError {
  int code = kUnspecified;
  std::string summary;
  std::string message;

  static QueryError null_query(std::string message);
  static QueryError illegal_query(std::string message);
  static QueryError invalid_query_parameter(std::string message);
  static QueryError timeout(std::string message);
  static QueryError backend_communication(std::string message);
  static QueryError no_backends(std::string message);
  static QueryError internal(std::string message);

  friend bool operator==(const QueryError&, const QueryError&) = default;
};

// Maps a non-OK Status from this library (or the dispatcher) to Vespa's code; see above.
QueryError to_query_error(const Status& status);

// The HTTP status for a response that carries `errors` and no hits, decided by the first error:
// 400 for codes 1, 3 and 4; 504 for a timeout; 503 for 0 and 10; 500 otherwise (also when
// `errors` is empty, which is a bug in the caller).
int http_status_of(const std::vector<QueryError>& errors);

// Vespa's error result:
// {"root":{"id":"toplevel","relevance":1.0,"fields":{"totalCount":0},
//          "errors":[{"code":4,"summary":"Invalid query parameter","message":"..."}]}}
std::string render_error_response(const std::vector<QueryError>& errors);

}  // namespace grove::query
