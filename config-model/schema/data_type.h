#pragma once

// DataType: the type of a schema field, in the subset of Vespa's document types Grove supports:
// a primitive (string, int, long, float, double, bool, byte), an array of a primitive, or
// weightedset<string>.
//
// Usage:
//   DataType t{FieldType::kString, DataType::kArray};
//   t.to_string();  // "array<string>"
//
// A plain value type; immutable once built and safe to share between threads.

#include <optional>
#include <string>
#include <string_view>

namespace grove::schema {

enum class FieldType { kString, kInt, kLong, kFloat, kDouble, kBool, kByte };

// Returns the .sd spelling of a primitive type, e.g. "string".
std::string_view field_type_name(FieldType type);

// Returns the primitive named `name` ("string", "int", ...), or nullopt for any other name.
std::optional<FieldType> field_type_from_name(std::string_view name);

struct DataType {
  enum Collection { kSingle, kArray, kWeightedSet };

  FieldType element = FieldType::kString;
  Collection collection = kSingle;

  // The .sd spelling: "int", "array<float>", "weightedset<string>".
  std::string to_string() const;

  bool is_string() const { return element == FieldType::kString; }
  bool is_numeric() const { return !is_string() && element != FieldType::kBool; }

  friend bool operator==(const DataType&, const DataType&) = default;
};

}  // namespace grove::schema
