#pragma once

// DocumentType: the fields of one document type, as the document layer needs them (names, value
// types and the numeric ids used by the binary format). config-model converts a parsed schema
// into this; services never see the schema itself.
//
// Field ids are part of the stored format (docs/serialization.md): a field must keep its id for
// as long as documents written with it are stored. stable_field_id() derives one from the name,
// so a schema change that adds or removes other fields never renumbers a field.
//
// Usage:
//   Result<DocumentType> type = DocumentType::make("music", {
//       {"title", {ValueType::kString, ValueType::kSingle}, stable_field_id("title")},
//       {"year", {ValueType::kInt, ValueType::kSingle}, stable_field_id("year")}});
//   const FieldDef* year = type->find("year");
//
// Immutable once made; shared (by reference) by all documents of the type, which must not
// outlive it. Thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"
#include "services/document/value_type.h"

namespace grove::document {

struct FieldDef {
  std::string name;
  ValueType type;
  uint16_t id = 0;
};

// A field id derived from the field name (a 15-bit FNV-1a hash, plus one so that 0 is never
// used). Two names may collide; DocumentType::make() reports it.
uint16_t stable_field_id(std::string_view name);

class DocumentType {
 public:
  // Makes a type. InvalidArgument when the type name or a field name is empty, or when two
  // fields share a name or an id (the message names both fields).
  static Result<DocumentType> make(std::string name, std::vector<FieldDef> fields);

  const std::string& name() const { return name_; }
  // In declaration order; a field's index here is its position in Document::fields().
  const std::vector<FieldDef>& fields() const { return fields_; }

  // The field called `name`, or nullptr.
  const FieldDef* find(std::string_view name) const;
  // The field with id `id`, or nullptr.
  const FieldDef* find_by_id(uint16_t id) const;
  // The index of `field` in fields(); `field` must belong to this type.
  size_t index_of(const FieldDef& field) const;

  // "title, artist, year" (at most `limit` names, then ", ..."), for error messages.
  std::string field_list(size_t limit = 8) const;

 private:
  DocumentType(std::string name, std::vector<FieldDef> fields);

  std::string name_;
  std::vector<FieldDef> fields_;
  // Invariant: indexes into fields_, sorted by field name (resp. id), names and ids unique.
  std::vector<uint16_t> by_name_;
  std::vector<uint16_t> by_id_;
};

}  // namespace grove::document
