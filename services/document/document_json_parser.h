#pragma once

// DocumentJsonParser: parses JSON text (feed operations, document bodies) with a simdjson
// parser it reuses, enforcing the document size limit and describing malformed JSON with the
// byte offset of the first error.
//
// Usage:
//   DocumentJsonParser parser;  // one per feeding thread
//   Result<FeedOperation> op = parser.parse_operation(repo, line);
//   if (!op.ok()) reply(400, op.status().message());
//     // e.g. "malformed JSON at byte 57: expected ',' or '}'"
//     //      "document JSON is 11534336 bytes, over the limit of 10485760 bytes"
//
// Confined to one thread (the simdjson parser holds per-parse state). Creating one allocates;
// keep it. Results own their data and do not refer to the parser.

#include <simdjson.h>

#include <cstddef>
#include <string_view>

#include "services/base/result.h"
#include "services/document/document.h"
#include "services/document/document_type_repo.h"
#include "services/document/document_update.h"
#include "services/document/feed_operation.h"

namespace grove::document {

inline constexpr size_t kDefaultMaxDocumentBytes = 10 * 1024 * 1024;

// InvalidArgument naming `bytes` and `limit` when bytes > limit (the HTTP layer answers 413).
Status check_document_size(std::string_view what, size_t bytes, size_t limit);

class DocumentJsonParser {
 public:
  explicit DocumentJsonParser(size_t max_document_bytes = kDefaultMaxDocumentBytes);

  // One feed operation object (see feed_operation.h).
  Result<FeedOperation> parse_operation(const DocumentTypeRepo& repo, std::string_view json);

  // A JSON object of fields, the value of "fields" in a put (see parse_fields()).
  Result<Document> parse_fields(const DocumentType& type, distribution::DocumentId id,
                                std::string_view fields_json);

  // A JSON object of field operations, the value of "fields" in an update (see parse_update()).
  Result<DocumentUpdate> parse_update(const DocumentType& type, distribution::DocumentId id,
                                      std::string_view fields_json);

  // Parses any JSON text; the element is valid until the next call. For callers with their own
  // body format (document/v1 wraps "fields" with "condition" and more).
  Result<simdjson::dom::element> parse_json(std::string_view json);

  size_t max_document_bytes() const { return max_document_bytes_; }

 private:
  simdjson::dom::parser parser_;
  size_t max_document_bytes_;
};

}  // namespace grove::document
