#include "services/document/document_json.h"

#include <fmt/format.h>

#include "services/document/field_value_json.h"

namespace grove::document {

namespace dom = simdjson::dom;

namespace {

Result<const FieldDef*> find_field(const DocumentType& type, std::string_view name) {
  const FieldDef* field = type.find(name);
  if (field == nullptr) {
    return Status::InvalidArgument(
        fmt::format("unknown field '{}' in document type '{}' (fields: {})", name, type.name(),
                    type.field_list()));
  }
  return field;
}

Status not_an_object(std::string_view what, dom::element json) {
  return Status::InvalidArgument(
      fmt::format("{} must be an object but got {}", what, describe_json(json)));
}

Result<UpdateOp> update_op_from_name(const FieldDef& f, std::string_view name) {
  for (UpdateOp op : {UpdateOp::kAssign, UpdateOp::kAdd, UpdateOp::kRemove, UpdateOp::kIncrement,
                      UpdateOp::kDecrement, UpdateOp::kMultiply, UpdateOp::kDivide}) {
    if (update_op_name(op) == name) return op;
  }
  return Status::InvalidArgument(fmt::format(
      "unknown update operation '{}' for field '{}' (supported: assign, add, remove, increment, "
      "decrement, multiply, divide)",
      name, f.name));
}

Status collection_only(const FieldDef& f, UpdateOp op) {
  return Status::InvalidArgument(
      fmt::format("{} applies to array and weighted set fields, but field '{}' is {}",
                  update_op_name(op), f.name, f.type.to_string()));
}

Result<FieldUpdate> field_update_from_json(const FieldDef& f, UpdateOp op, dom::element json) {
  Result<FieldValue> value = FieldValue();
  switch (op) {
    case UpdateOp::kAssign:
      if (json.is_null()) return FieldUpdate{&f, UpdateOp::kClear, FieldValue()};
      value = value_from_json(f, json);
      break;
    case UpdateOp::kAdd:
      if (f.type.collection == ValueType::kSingle) return collection_only(f, op);
      value = value_from_json(f, json);
      break;
    case UpdateOp::kRemove:
      if (f.type.collection == ValueType::kSingle) return collection_only(f, op);
      value = f.type.collection == ValueType::kWeightedSet ? weighted_set_keys_from_json(f, json)
                                                           : value_from_json(f, json);
      break;
    default:
      value = operand_from_json(f, update_op_name(op), json);
      break;
  }
  if (!value.ok()) return value.status();
  FieldUpdate update{&f, op, std::move(value).value()};
  GROVE_RETURN_IF_ERROR(check_field_update(update));
  return update;
}

Status add_field_updates(DocumentUpdate& update, const FieldDef& f, dom::element ops) {
  if (!ops.is_object()) {
    return Status::InvalidArgument(fmt::format(
        "update of field '{}' must be an object such as {{\"assign\": value}} but got {}", f.name,
        describe_json(ops)));
  }
  dom::object object = ops.get_object().value();
  if (object.size() == 0) {
    return Status::InvalidArgument(fmt::format("update of field '{}' has no operation", f.name));
  }
  for (dom::key_value_pair kv : object) {
    GROVE_ASSIGN_OR_RETURN(UpdateOp op, update_op_from_name(f, kv.key));
    GROVE_ASSIGN_OR_RETURN(FieldUpdate u, field_update_from_json(f, op, kv.value));
    update.add(f, u.op, std::move(u.value));
  }
  return Status::Ok();
}

}  // namespace

Status check_id_type(const DocumentType& type, const distribution::DocumentId& id) {
  if (id.doc_type() == type.name()) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("document id \"{}\" has document type '{}' but the operation is for '{}'",
                  id.str(), id.doc_type(), type.name()));
}

Result<Document> parse_fields(const DocumentType& type, distribution::DocumentId id,
                              dom::element fields) {
  GROVE_RETURN_IF_ERROR(check_id_type(type, id));
  if (!fields.is_object()) return not_an_object("'fields'", fields);
  Document doc(type, std::move(id));
  dom::object object = fields.get_object().value();  // a copy: value() of a temporary dangles
  for (dom::key_value_pair kv : object) {
    GROVE_ASSIGN_OR_RETURN(const FieldDef* f, find_field(type, kv.key));
    if (kv.value.is_null()) continue;
    GROVE_ASSIGN_OR_RETURN(FieldValue value, value_from_json(*f, kv.value));
    doc.set(*f, std::move(value));
  }
  return doc;
}

Result<DocumentUpdate> parse_update(const DocumentType& type, distribution::DocumentId id,
                                    dom::element fields) {
  GROVE_RETURN_IF_ERROR(check_id_type(type, id));
  if (!fields.is_object()) return not_an_object("'fields'", fields);
  DocumentUpdate update(type, std::move(id));
  dom::object object = fields.get_object().value();  // a copy: value() of a temporary dangles
  for (dom::key_value_pair kv : object) {
    GROVE_ASSIGN_OR_RETURN(const FieldDef* f, find_field(type, kv.key));
    GROVE_RETURN_IF_ERROR(add_field_updates(update, *f, kv.value));
  }
  return update;
}

void write_fields(const Document& doc, JsonWriter& w) {
  w.begin_object();
  for (const Document::Entry& e : doc.fields()) {
    w.key(e.field->name);
    write_value_json(e.value, w);
  }
  w.end_object();
}

void write_fields(const Document& doc, std::span<const FieldDef* const> subset, JsonWriter& w) {
  w.begin_object();
  for (const FieldDef* f : subset) {
    const FieldValue* value = doc.get(*f);
    if (value == nullptr) continue;
    w.key(f->name);
    write_value_json(*value, w);
  }
  w.end_object();
}

void write_document(const Document& doc, JsonWriter& w) {
  w.begin_object();
  w.key("id").string(doc.id().str());
  w.key("fields");
  write_fields(doc, w);
  w.end_object();
}

std::string to_json(const Document& doc) {
  JsonWriter w;
  write_document(doc, w);
  return std::move(w).take();
}

}  // namespace grove::document
