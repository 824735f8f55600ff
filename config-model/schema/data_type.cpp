#include "config-model/schema/data_type.h"

#include <array>
#include <utility>

namespace grove::schema {
namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 7> kNames = {{
    {FieldType::kString, "string"},
    {FieldType::kInt, "int"},
    {FieldType::kLong, "long"},
    {FieldType::kFloat, "float"},
    {FieldType::kDouble, "double"},
    {FieldType::kBool, "bool"},
    {FieldType::kByte, "byte"},
}};

}  // namespace

std::string_view field_type_name(FieldType type) {
  for (const auto& [t, name] : kNames) {
    if (t == type) return name;
  }
  return "?";
}

std::optional<FieldType> field_type_from_name(std::string_view name) {
  for (const auto& [t, n] : kNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::string DataType::to_string() const {
  std::string element_name(field_type_name(element));
  switch (collection) {
    case kArray:
      return "array<" + element_name + ">";
    case kWeightedSet:
      return "weightedset<" + element_name + ">";
    case kSingle:
      break;
  }
  return element_name;
}

}  // namespace grove::schema
