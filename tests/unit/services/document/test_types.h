#pragma once

// Test helpers: a document type with a field of every supported type.

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "services/document/document_type.h"
#include "services/document/document_type_repo.h"

namespace grove::document::testing {

inline DocumentType make_type(std::string name) {
  using V = ValueType;
  std::vector<FieldDef> fields;
  auto add = [&](std::string field, V::Kind kind, V::Collection c = V::kSingle) {
    uint16_t id = stable_field_id(field);
    fields.push_back({std::move(field), {kind, c}, id});
  };
  add("title", V::kString);
  add("artist", V::kString);
  add("year", V::kInt);
  add("duration", V::kLong);
  add("rating", V::kFloat);
  add("score", V::kDouble);
  add("live", V::kBool);
  add("level", V::kByte);
  add("tags", V::kString, V::kArray);
  add("years", V::kInt, V::kArray);
  add("longs", V::kLong, V::kArray);
  add("floats", V::kFloat, V::kArray);
  add("doubles", V::kDouble, V::kArray);
  add("flags", V::kBool, V::kArray);
  add("bytes", V::kByte, V::kArray);
  add("genres", V::kString, V::kWeightedSet);
  auto type = DocumentType::make(std::move(name), std::move(fields));
  BOOST_REQUIRE_MESSAGE(type.ok(), type.status().to_string());
  return std::move(type).value();
}

// The music type, owned by a repo that lives for the whole test program.
inline const DocumentTypeRepo& repo() {
  static const DocumentTypeRepo repo = [] {
    std::vector<DocumentType> types;
    types.push_back(make_type("music"));
    types.push_back(make_type("books"));
    return DocumentTypeRepo(std::move(types));
  }();
  return repo;
}

inline const DocumentType& music() {
  return *repo().find("music");
}

inline distribution::DocumentId id(std::string_view text) {
  auto parsed = distribution::DocumentId::parse(text);
  BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.status().to_string());
  return std::move(parsed).value();
}

inline bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace grove::document::testing
