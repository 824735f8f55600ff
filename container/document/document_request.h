#pragma once

// DocumentRequest: the parts of one /document/v1 request, read and checked before any node is
// called (docs/document-api.md):
//
//   path        DocumentV1Path (parse_document_v1_path)
//   timeout     "5s", "500ms", "2.5" (seconds), "1m"
//   condition   test-and-set selection (URL; a body "condition" is used when the URL has none)
//   create      "true" / "false": create the document a PUT (update) finds missing
//   cluster     the content cluster; required for a visit at the root /document/v1/
//   selection, wantedDocumentCount (1 .. 10000; larger is cut to 10000), continuation   visits
//   route, tracelevel, fieldSet and others   accepted and ignored
//
// And the body of a POST (put) or PUT (update): {"fields": {...}, "condition": "...",
// "create": true}, checked against the document type: malformed JSON, an unknown key or field,
// or a value of the wrong type is InvalidArgument naming it (from services/document).
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(DocumentRequest r, parse_document_request(http_request));
//   GROVE_ASSIGN_OR_RETURN(DocumentBody b, parse_document_body(DocumentOp::kPut, *type,
//   *r.path.document_id, body));
//
// Plain value types and pure functions; thread-safe (the JSON parser is one per thread).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "container/document/document_response.h"
#include "container/document/document_v1_path.h"
#include "container/document/visit_token.h"
#include "services/base/clock.h"
#include "services/document/document_type.h"
#include "services/http/http_server.h"

namespace grove::container {

inline constexpr uint32_t kMaxWantedDocuments = 10000;

struct DocumentRequest {
  DocumentV1Path path;
  std::optional<Duration> timeout;
  std::optional<std::string> condition;
  std::optional<bool> create;
  std::optional<std::string> cluster;
  std::optional<std::string> selection;
  uint32_t wanted_documents = 1;
  VisitPosition continuation;  // the start when there is none
};

// The path (from the raw target, so encoded '/' stays in the id) and the URL parameters.
// NotFound for a path that is no /document/v1 form; InvalidArgument for a bad part or value.
Result<DocumentRequest> parse_document_request(const http::HttpRequest& request);

struct DocumentBody {
  std::string document;     // kPut: the binary document
  std::string update_json;  // kUpdate: {"fields":{...}}, compact
  std::optional<std::string> condition;
  std::optional<bool> create;
};

// Parses and checks a put (kPut) or update (kUpdate) body for document `id` of `type`.
Result<DocumentBody> parse_document_body(DocumentOp op, const document::DocumentType& type,
                                         const distribution::DocumentId& id, std::string_view body);

}  // namespace grove::container
