#pragma once

// FieldSet: a named group of fields searched together (`fieldset default { fields: a, b }`).
// A plain value type owned by its Schema. Every name in `fields` is a field of the schema.

#include <string>
#include <vector>

namespace grove::schema {

struct FieldSet {
  std::string name;
  std::vector<std::string> fields;
  int line = 0;
};

}  // namespace grove::schema
