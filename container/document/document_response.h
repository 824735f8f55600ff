#pragma once

// DocumentResponse: one /document/v1 answer in Vespa's shape, and how the outcomes of the
// content nodes map to HTTP statuses (docs/document-api.md has the table):
//
//   {"pathId": "/document/v1/music/music/docid/a", "id": "id:music:music::a"}       200 write
//   {"pathId": ..., "id": ..., "fields": {...}}                                      200 GET
//   {"pathId": ..., "id": ..., "message": "condition not met: ..."}                  errors
//
// Usage:
//   DocumentResponse r{http_status_of(reply.status()), path.raw, id.str(),
//   reply.status().message()}; respond(r.to_http());
//
// Plain value type and pure functions; thread-safe.

#include <string>
#include <string_view>

#include "services/base/status.h"
#include "services/http/http_server.h"
#include "services/protocol/feed_messages.h"

namespace grove::container {

enum class DocumentOp { kPut, kUpdate, kRemove, kGet, kVisit };
inline constexpr size_t kDocumentOpCount = 5;

// "put", "update", "remove", "get", "visit": the metric label.
std::string_view document_op_name(DocumentOp op);

struct DocumentResponse {
  int status = 200;
  std::string path_id;      // the raw request path
  std::string id;           // the document id; empty: left out
  std::string message;      // empty: left out
  std::string fields_json;  // a JSON object; empty: left out

  http::HttpResponse to_http() const;
};

// The HTTP status for a failed call (or a failed request check): InvalidArgument 400, NotFound
// 404, ResourceExhausted 429, Unavailable 503, DeadlineExceeded 504, anything else 500.
int http_status_of(const Status& status);

// The HTTP status for a distributor's answer to a write (never WRONG_DISTRIBUTION, which the
// container resends): OK 200; CONDITION_NOT_MET 412; NOT_FOUND 412 when the write had a
// condition (a condition on a missing document fails, as in Vespa), else 200 (Vespa answers an
// update of a missing document without create, and a remove of one, with 200); FEED_BLOCKED 507.
int http_status_of(protocol::FeedOutcome outcome, bool conditional);

}  // namespace grove::container
