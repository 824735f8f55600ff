#include "container/query/query_error.h"

#include "services/base/json_writer.h"

namespace grove::query {

QueryError QueryError::null_query(std::string message) {
  return {kNullQuery, "Null query", std::move(message)};
}

QueryError QueryError::illegal_query(std::string message) {
  return {kIllegalQuery, "Illegal query", std::move(message)};
}

QueryError QueryError::invalid_query_parameter(std::string message) {
  return {kInvalidQueryParameter, "Invalid query parameter", std::move(message)};
}

QueryError QueryError::timeout(std::string message) {
  return {kTimeout, "Timed out", std::move(message)};
}

QueryError QueryError::backend_communication(std::string message) {
  return {kBackendCommunicationError, "Backend communication error", std::move(message)};
}

QueryError QueryError::no_backends(std::string message) {
  return {kNoBackendsInService, "No backends in service. Try later", std::move(message)};
}

QueryError QueryError::internal(std::string message) {
  return {kInternalServerError, "Internal server error.", std::move(message)};
}

QueryError to_query_error(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound: return QueryError::null_query(status.message());
    case StatusCode::kInvalidArgument: return QueryError::invalid_query_parameter(status.message());
    case StatusCode::kDeadlineExceeded: return QueryError::timeout(status.message());
    case StatusCode::kUnavailable: return QueryError::backend_communication(status.message());
    case StatusCode::kResourceExhausted: return QueryError::no_backends(status.message());
    default: return QueryError::internal(status.to_string());
  }
}

int http_status_of(const std::vector<QueryError>& errors) {
  if (errors.empty()) return 500;
  switch (errors.front().code) {
    case kNullQuery:
    case kIllegalQuery:
    case kInvalidQueryParameter: return 400;
    case kTimeout: return 504;
    case kNoBackendsInService:
    case kBackendCommunicationError: return 503;
    default: return 500;
  }
}

std::string render_error_response(const std::vector<QueryError>& errors) {
  JsonWriter w;
  w.begin_object().key("root").begin_object();
  w.key("id").string("toplevel");
  w.key("relevance").raw("1.0");  // Vespa writes the double as 1.0
  w.key("fields").begin_object().key("totalCount").number(0).end_object();
  w.key("errors").begin_array();
  for (const QueryError& e : errors) {
    w.begin_object();
    w.key("code").number(e.code);
    w.key("summary").string(e.summary);
    w.key("message").string(e.message);
    w.end_object();
  }
  w.end_array();
  w.end_object().end_object();
  return std::move(w).take();
}

}  // namespace grove::query
