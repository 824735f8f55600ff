#pragma once

// SummaryClass: a `document-summary`, the set of fields a hit returns when a query asks for it
// with `presentation.summary=NAME`. The implicit class `default` holds every field whose indexing
// statement has `summary`. A plain value type owned by its Schema; inherited fields are already
// merged in (parent fields first).

#include <optional>
#include <string>
#include <vector>

#include "config-model/schema/data_type.h"

namespace grove::schema {

struct SummaryField {
  std::string name;
  std::optional<DataType> type;  // as declared with `type T`, if it was
  std::string source;            // the schema field the value comes from; defaults to `name`
  int line = 0;
};

struct SummaryClass {
  std::string name;
  std::vector<std::string> inherits;
  std::vector<SummaryField> fields;
  bool implicit = false;  // the generated `default` class
  int line = 0;

  // Returns the field named `name`, or nullptr.
  const SummaryField* find_field(const std::string& name) const {
    for (const auto& f : fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
};

}  // namespace grove::schema
