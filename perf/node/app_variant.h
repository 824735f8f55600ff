#pragma once

// The application package the node benchmark deploys. The peers (Xapian, FTS5) do not stem,
// while a Grove text field stems with `best` unless its schema says otherwise (Vespa's default,
// so schemas/gcide stems too). For a like-for-like comparison the benchmark by default runs a
// copy of the package with stemming turned off: every `stemming: X` in the schemas becomes
// `stemming: none`, and `stemming: none` is added as the schema-wide default.
//
// Usage:
//   GROVE_RETURN_IF_ERROR(copy_without_stemming("schemas/gcide", "var/perf/node/gcide/app"));
//
// Pure functions (plus file copying); thread-safe.

#include <string>
#include <string_view>

#include "services/base/status.h"

namespace grove::perf {

// The text of a .sd file with stemming off (see above). Text without a `schema NAME {` line
// gets only the replacements.
std::string unstemmed_schema(std::string_view sd_text);

// Copies the package in `app_dir` to `out_dir` (replaced), rewriting every schemas/*.sd with
// unstemmed_schema(). IoError when a file cannot be read or written.
Status copy_without_stemming(const std::string& app_dir, const std::string& out_dir);

}  // namespace grove::perf
