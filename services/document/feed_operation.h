#pragma once

// FeedOperation: one parsed operation of a Vespa JSON feed.
//
//   {"put": "id:ns:music::1", "fields": {...}, "condition": "music.year > 2000"}
//   {"id": "id:ns:music::1", "fields": {...}}            (a put, in document/v1 GET form)
//   {"update": "id:ns:music::1", "fields": {"year": {"increment": 1}}, "create": true}
//   {"remove": "id:ns:music::1", "condition": "..."}
//
// The document type comes from the id; it must be in the DocumentTypeRepo. Unknown keys,
// "create" on anything but an update and "fields" on a remove are errors (InvalidArgument).
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

namespace grove::document {

struct FeedOperation {
  enum Kind { kPut, kUpdate, kRemove };

  Kind kind = kPut;
  distribution::DocumentId id;
  const DocumentType* type = nullptr;
  std::optional<Document> document;      // set for kPut
  std::optional<DocumentUpdate> update;  // set for kUpdate
  std::string condition;                 // test-and-set selection; empty when unconditional
  bool create = false;                   // kUpdate: create the document when it is missing
};

// The JSON key of a kind: "put", "update", "remove".
std::string_view feed_kind_name(FeedOperation::Kind kind);

// Parses one operation object (see above).
Result<FeedOperation> parse_operation(const DocumentTypeRepo& repo, simdjson::dom::element json);

}  // namespace grove::document
