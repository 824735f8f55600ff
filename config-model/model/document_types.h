#pragma once

// Converts schemas into the document types that services/document parses, validates and
// serializes documents with. Only document fields (those inside the `document` block) are part
// of the type; synthetic fields are derived at indexing time.
//
// Usage:
//   Result<document::DocumentType> type = to_document_type(*model.find_schema("music"));
//   document::DocumentTypeRepo repo = make_document_type_repo(model).value();
//
// Pure functions; thread-safe.

#include "config-model/model/application_model.h"
#include "config-model/schema/schema.h"
#include "services/base/result.h"
#include "services/document/document_type.h"
#include "services/document/document_type_repo.h"

namespace grove::config {

// Field ids come from document::stable_field_id, so stored documents stay readable when other
// fields are added or removed. InvalidArgument if two field names hash to the same id.
Result<document::DocumentType> to_document_type(const schema::Schema& schema);

// One document type per schema of the package.
Result<document::DocumentTypeRepo> make_document_type_repo(const ApplicationModel& model);

}  // namespace grove::config
