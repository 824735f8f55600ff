#pragma once

// FeedOperation: one parsed operation of a Vespa JSON feed.
//
//   {"put": "id:ns:music::1", "fields": {...}, "condition": "music.year > 2000"}
//   {"id": "id:ns:music::1", "fields": {...}}            (a put, in document/v1 GET form)
//   {"update": "id:ns:music::1", "fields": {"year": {"increment": 1}}, "create": true}
//   {"remove": "id:ns:music::1", "condition": "..."}
//
// The envelope is read by read_feed_envelope() (feed_envelope.h), with its errors. On top of
// it: the document type comes from the id and must be in the DocumentTypeRepo, the fields must
// fit that type, and "create" applies only to updates (InvalidArgument).
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(FeedOperation op, parse_operation(repo, element));
//   switch (op.kind) { case FeedOperation::kPut: store(*op.document); ... }
//
// A value type. It borrows its DocumentType from the repo, which must outlive it.

#include <simdjson.h>

#include <optional>
#include <string>

#include "services/base/result.h"
#include "services/distribution/document_id.h"
#include "services/document/document.h"
#include "services/document/document_type_repo.h"
#include "services/document/document_update.h"
#include "services/document/feed_envelope.h"

namespace grove::document {

struct FeedOperation {
  using Kind = FeedEnvelope::Kind;
  using enum FeedEnvelope::Kind;  // FeedOperation::kPut, kUpdate, kRemove

  Kind kind = kPut;
  distribution::DocumentId id;
  const DocumentType* type = nullptr;
  std::optional<Document> document;      // set for kPut
  std::optional<DocumentUpdate> update;  // set for kUpdate
  std::string condition;                 // test-and-set selection; empty when unconditional
  bool create = false;                   // kUpdate: create the document when it is missing
};

// Parses one operation object (see above).
Result<FeedOperation> parse_operation(const DocumentTypeRepo& repo, simdjson::dom::element json);

}  // namespace grove::document
