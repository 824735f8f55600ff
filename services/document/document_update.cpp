#include "services/document/document_update.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "services/document/field_update_apply.h"

namespace grove::document {

namespace {

bool is_arithmetic(UpdateOp op) {
  return op == UpdateOp::kIncrement || op == UpdateOp::kDecrement || op == UpdateOp::kMultiply ||
         op == UpdateOp::kDivide;
}

Status check_collection_update(const FieldUpdate& u) {
  const FieldDef& f = *u.field;
  if (f.type.collection == ValueType::kSingle) {
    return Status::InvalidArgument(
        fmt::format("{} applies to array and weighted set fields, but field '{}' is {}",
                    update_op_name(u.op), f.name, f.type.to_string()));
  }
  if (u.value.type() != f.type) {
    return Status::InvalidArgument(
        fmt::format("{} on field '{}' ({}) needs a value of that type, not {}",
                    update_op_name(u.op), f.name, f.type.to_string(), u.value.type().to_string()));
  }
  return Status::Ok();
}

Status check_arithmetic_update(const FieldUpdate& u) {
  const FieldDef& f = *u.field;
  if (f.type.collection != ValueType::kSingle || !f.type.is_numeric()) {
    return Status::InvalidArgument(fmt::format("{} applies to numeric fields, but field '{}' is {}",
                                               update_op_name(u.op), f.name, f.type.to_string()));
  }
  ValueType t = u.value.type();
  if (t != ValueType{ValueType::kLong} && t != ValueType{ValueType::kDouble}) {
    return Status::InvalidArgument(fmt::format("{} of field '{}' needs a number operand, not {}",
                                               update_op_name(u.op), f.name, t.to_string()));
  }
  return Status::Ok();
}

}  // namespace

std::string_view update_op_name(UpdateOp op) {
  switch (op) {
    case UpdateOp::kAssign:
      return "assign";
    case UpdateOp::kClear:
      return "clear";
    case UpdateOp::kAdd:
      return "add";
    case UpdateOp::kRemove:
      return "remove";
    case UpdateOp::kIncrement:
      return "increment";
    case UpdateOp::kDecrement:
      return "decrement";
    case UpdateOp::kMultiply:
      return "multiply";
    case UpdateOp::kDivide:
      return "divide";
  }
  return "?";
}

Status check_field_update(const FieldUpdate& u) {
  if (u.op == UpdateOp::kClear) return Status::Ok();
  if (u.op == UpdateOp::kAdd || u.op == UpdateOp::kRemove) return check_collection_update(u);
  if (is_arithmetic(u.op)) return check_arithmetic_update(u);
  if (u.value.type() != u.field->type) {
    return Status::InvalidArgument(fmt::format("field '{}' is {} but the assigned value is {}",
                                               u.field->name, u.field->type.to_string(),
                                               u.value.type().to_string()));
  }
  return Status::Ok();
}

DocumentUpdate::DocumentUpdate(const DocumentType& type, distribution::DocumentId id)
    : type_(&type), id_(std::move(id)) {}

void DocumentUpdate::add(const FieldDef& field, UpdateOp op, FieldValue value) {
  GROVE_ASSERT(type_->index_of(field) < type_->fields().size());
  updates_.push_back({&field, op, std::move(value)});
}

Status DocumentUpdate::apply(Document& doc) const {
  if (&doc.type() != type_ || doc.id().str() != id_.str()) {
    return Status::InvalidArgument(fmt::format("update of '{}' ({}) cannot apply to '{}' ({})",
                                               id_.str(), type_->name(), doc.id().str(),
                                               doc.type().name()));
  }
  // New values are staged and committed only when every operation succeeded.
  std::vector<std::pair<const FieldDef*, std::optional<FieldValue>>> staged;
  for (const FieldUpdate& u : updates_) {
    GROVE_RETURN_IF_ERROR(check_field_update(u));
    auto it = std::find_if(staged.begin(), staged.end(),
                           [&](const auto& s) { return s.first == u.field; });
    const FieldValue* current = doc.get(*u.field);
    if (it != staged.end()) current = it->second ? &*it->second : nullptr;
    GROVE_ASSIGN_OR_RETURN(std::optional<FieldValue> next, detail::apply_field_update(u, current));
    if (it != staged.end()) {
      it->second = std::move(next);
    } else {
      staged.emplace_back(u.field, std::move(next));
    }
  }
  for (auto& [field, value] : staged) {
    if (value) {
      doc.set(*field, std::move(*value));
    } else {
      doc.clear(*field);
    }
  }
  return Status::Ok();
}

}  // namespace grove::document
