#include "services/document/value_type.h"

namespace grove::document {

std::string_view kind_name(ValueType::Kind kind) {
  switch (kind) {
    case ValueType::kString:
      return "string";
    case ValueType::kInt:
      return "int";
    case ValueType::kLong:
      return "long";
    case ValueType::kFloat:
      return "float";
    case ValueType::kDouble:
      return "double";
    case ValueType::kBool:
      return "bool";
    case ValueType::kByte:
      return "byte";
  }
  return "?";
}

std::string ValueType::to_string() const {
  std::string name(kind_name(element));
  switch (collection) {
    case kSingle:
      return name;
    case kArray:
      return "array<" + name + ">";
    case kWeightedSet:
      return "weightedset<" + name + ">";
  }
  return name;
}

}  // namespace grove::document
