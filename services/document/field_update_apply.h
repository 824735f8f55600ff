#pragma once

// Internal to document_update.cpp: computes the new value of one field under one FieldUpdate.
//
// Free functions; thread-safe.

#include <optional>

#include "services/base/result.h"
#include "services/document/document_update.h"

namespace grove::document::detail {

// The field's value after `update`, given its current value (nullptr when absent); nullopt
// means the field is removed. `update` must have passed check_field_update().
Result<std::optional<FieldValue>> apply_field_update(const FieldUpdate& update,
                                                     const FieldValue* current);

}  // namespace grove::document::detail
