#include "config-model/model/document_types.h"

#include <fmt/format.h>

namespace grove::config {

namespace {

document::ValueType::Kind to_kind(schema::FieldType type) {
  using K = document::ValueType;
  switch (type) {
    case schema::FieldType::kString: return K::kString;
    case schema::FieldType::kInt: return K::kInt;
    case schema::FieldType::kLong: return K::kLong;
    case schema::FieldType::kFloat: return K::kFloat;
    case schema::FieldType::kDouble: return K::kDouble;
    case schema::FieldType::kBool: return K::kBool;
    case schema::FieldType::kByte: return K::kByte;
  }
  return K::kString;
}

document::ValueType::Collection to_collection(schema::DataType::Collection c) {
  switch (c) {
    case schema::DataType::kSingle: return document::ValueType::kSingle;
    case schema::DataType::kArray: return document::ValueType::kArray;
    case schema::DataType::kWeightedSet: return document::ValueType::kWeightedSet;
  }
  return document::ValueType::kSingle;
}

}  // namespace

Result<document::DocumentType> to_document_type(const schema::Schema& schema) {
  std::vector<document::FieldDef> fields;
  for (const schema::Field& f : schema.fields()) {
    if (!f.in_document) continue;
    document::ValueType type{to_kind(f.type.element), to_collection(f.type.collection)};
    fields.push_back(document::FieldDef{f.name, type, document::stable_field_id(f.name)});
  }
  auto type = document::DocumentType::make(std::string(schema.document_type()), std::move(fields));
  if (!type.ok()) {
    return Status::InvalidArgument(
        fmt::format("schema '{}': {}", schema.name(), type.status().message()));
  }
  return type;
}

Result<document::DocumentTypeRepo> make_document_type_repo(const ApplicationModel& model) {
  std::vector<document::DocumentType> types;
  for (const schema::Schema& s : model.schemas()) {
    GROVE_ASSIGN_OR_RETURN(document::DocumentType type, to_document_type(s));
    types.push_back(std::move(type));
  }
  return document::DocumentTypeRepo(std::move(types));
}

}  // namespace grove::config
