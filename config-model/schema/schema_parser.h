#pragma once

// The entry points for reading a Vespa schema file (`schemas/NAME.sd`) into a Schema.
//
// The parser accepts the subset of Vespa's .sd syntax described in docs/schema-subset.md.
// It never stops at the first problem: every syntax error, unsupported construct and semantic
// error is reported as a Diagnostic with file and line. Pure tuning Grove has no use for is
// accepted with a warning. A Schema is returned only when there are no errors.
//
// Usage:
//   ParseOutput out = parse_schema_file("app/schemas/music.sd");
//   for (const Diagnostic& d : out.diagnostics) std::cerr << d.to_string() << "\n";
//   if (!out.ok()) return Status::InvalidArgument("invalid schema");
//   const Schema& schema = *out.schema;
//
// Thread-safe: the functions keep no state between calls. They never throw (except bad_alloc).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/schema/diagnostic.h"
#include "config-model/schema/rank_expression_parser.h"
#include "config-model/schema/schema.h"

namespace grove::schema {

struct ParseOutput {
  std::optional<Schema> schema;         // set iff ok()
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in the order found

  // True when no diagnostic is an error (warnings are allowed).
  bool ok() const;
};

// Parses the text of a .sd file. `file_name` is used in diagnostics; when it ends in ".sd" its
// base name must equal the schema name, as Vespa requires.
ParseOutput parse_schema(std::string_view text, std::string_view file_name);

// Reads and parses the file at `path`. An unreadable file gives one error Diagnostic with line 0.
ParseOutput parse_schema_file(const std::string& path);

}  // namespace grove::schema
