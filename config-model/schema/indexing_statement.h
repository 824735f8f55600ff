#pragma once

// Parsing of a field's indexing statement, `indexing: input title | summary | index` or the
// multi-line `indexing { ...; ...; }` form, into the three things Grove does with a field
// (summary, attribute, index) and the field it reads. Internal to the schema library.
//
// Thread-safe: a pure function.

#include <string>
#include <string_view>
#include <vector>

namespace grove::schema {

struct IndexingStatement {
  bool summary = false;
  bool attribute = false;
  bool index = false;
  std::string input;  // the field named by `input`, empty when none is
};

struct IndexingProblem {
  enum Kind { kError, kWarning, kUnsupported };
  Kind kind = kError;
  int line_offset = 0;  // lines after the first line of the statement text
  std::string message;
};

struct IndexingParse {
  IndexingStatement statement;
  std::vector<IndexingProblem> problems;
};

// Parses the statement text of field `field_name`. Statements are separated by ';' (or by line
// breaks that do not continue a pipeline with '|'); steps by '|'.
IndexingParse parse_indexing(std::string_view text, std::string_view field_name);

}  // namespace grove::schema
