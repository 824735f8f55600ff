#pragma once

// ValueType: the type of a document field in the subset of Vespa's document model Grove
// supports: a primitive, an array of a primitive, or a weighted set (of string, the only element
// type Grove's schemas allow, though the representation has room for the others).
//
// Usage:
//   ValueType t{ValueType::kInt, ValueType::kArray};
//   t.to_string();  // "array<int>"
//
// A plain value type; thread-compatible.

#include <string>
#include <string_view>

namespace grove::document {

struct ValueType {
  enum Kind { kString, kInt, kLong, kFloat, kDouble, kBool, kByte };
  enum Collection { kSingle, kArray, kWeightedSet };
  static constexpr int kKindCount = 7;

  Kind element = kString;
  Collection collection = kSingle;

  // The .sd spelling: "int", "array<float>", "weightedset<string>".
  std::string to_string() const;

  bool is_integer() const { return element == kInt || element == kLong || element == kByte; }
  bool is_numeric() const { return is_integer() || element == kFloat || element == kDouble; }

  friend bool operator==(const ValueType&, const ValueType&) = default;
};

// The .sd spelling of a primitive, e.g. "string".
std::string_view kind_name(ValueType::Kind kind);

}  // namespace grove::document
