#pragma once

// SchemaLoader: parses every `schemas/*.sd` file of an application package with the schema
// parser (config-model/schema) and converts its diagnostics into the package's, with the file
// named relative to the package ("schemas/music.sd").
//
// Usage:
//   LoadedSchemas schemas = SchemaLoader::load(app_dir, diagnostics);
//   if (schemas.has_file("music")) ...
//
// Stateless; LoadedSchemas is a plain value type.

#include <set>
#include <string>
#include <vector>

#include "config-model/model/diagnostic_list.h"
#include "config-model/schema/schema.h"

namespace grove::config {

struct LoadedSchemas {
  std::vector<schema::Schema> schemas;  // those that parsed without errors, by file name
  std::set<std::string> files;          // base names of every schemas/*.sd, e.g. "music"

  bool has_file(const std::string& name) const { return files.count(name) > 0; }
};

class SchemaLoader {
 public:
  // Reads `app_dir`/schemas/*.sd in name order. A file that cannot be read, and every problem
  // the schema parser finds, is reported to `out`.
  static LoadedSchemas load(const std::string& app_dir, DiagnosticList& out);
};

}  // namespace grove::config
