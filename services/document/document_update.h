#pragma once

// DocumentUpdate: a partial update of one document (Vespa's "update" operation): a list of
// field operations applied in order.
//
//   kAssign     set the field to `value` (any field type)
//   kClear      remove the field (JSON {"assign": null}); `value` is unused
//   kAdd        array: append the elements of `value` (an array of the field's type);
//               weighted set: add the keys of `value`, replacing the weight of a key present
//   kRemove     array: remove every element equal to one in `value`;
//               weighted set: remove the keys of `value` (weights ignored)
//   kIncrement, kDecrement, kMultiply, kDivide
//               numeric single-value fields; `value` is a long or double operand. A missing field
//               counts as 0. Integer fields compute exactly in 64 bits (an operand with a
//               fraction computes in double and truncates toward zero); the result must fit
//               the field type.
//
// Whether to create a missing document ("create": true) is the caller's decision: it applies
// the update to a new, empty Document.
//
// Usage:
//   DocumentUpdate update(type, id);
//   update.add(*type.find("year"), UpdateOp::kIncrement, FieldValue::of_long(1));
//   GROVE_RETURN_IF_ERROR(update.apply(doc));
//
// The DocumentType is borrowed, as in Document. A value type; thread-compatible.

#include <string_view>
#include <vector>

#include "services/base/status.h"
#include "services/distribution/document_id.h"
#include "services/document/document.h"
#include "services/document/document_type.h"
#include "services/document/field_value.h"

namespace grove::document {

enum class UpdateOp { kAssign, kClear, kAdd, kRemove, kIncrement, kDecrement, kMultiply, kDivide };

// The JSON spelling: "assign", "clear", "add", "remove", "increment", ...
std::string_view update_op_name(UpdateOp op);

struct FieldUpdate {
  const FieldDef* field;
  UpdateOp op;
  FieldValue value;
  friend bool operator==(const FieldUpdate&, const FieldUpdate&) = default;
};

class DocumentUpdate {
 public:
  DocumentUpdate(const DocumentType& type, distribution::DocumentId id);

  const DocumentType& type() const { return *type_; }
  const distribution::DocumentId& id() const { return id_; }
  const std::vector<FieldUpdate>& updates() const { return updates_; }

  // Appends an operation on `field`, a field of this update's type. Checked by apply().
  void add(const FieldDef& field, UpdateOp op, FieldValue value = {});

  // Applies every operation in order to `doc`, which must have this update's id and type.
  // All or nothing: on error `doc` is unchanged. InvalidArgument names the field and the
  // problem: an operation that does not fit the field type (increment on a string), a value of
  // the wrong type, division by zero, or a result out of the field's range.
  Status apply(Document& doc) const;

 private:
  const DocumentType* type_;
  distribution::DocumentId id_;
  std::vector<FieldUpdate> updates_;
};

// Checks that `update` fits its field (the operation applies to the field type, and the value
// has the type the operation needs). The parser and apply() both use it.
Status check_field_update(const FieldUpdate& update);

}  // namespace grove::document
