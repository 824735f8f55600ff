#include "config-model/schema/schema_parser.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <new>
#include <sstream>

#include "config-model/schema/diagnostic_sink.h"
#include "config-model/schema/schema_resolver.h"
#include "config-model/schema/sd_parser.h"

namespace grove::schema {
namespace {

// "app/schemas/music.sd" -> "music"; empty when the name does not end in ".sd".
std::string schema_name_from_file(std::string_view file_name) {
  if (!file_name.ends_with(".sd")) return "";
  size_t slash = file_name.find_last_of("/\\");
  size_t begin = slash == std::string_view::npos ? 0 : slash + 1;
  return std::string(file_name.substr(begin, file_name.size() - 3 - begin));
}

void check_file_name(const SchemaDraft& draft, std::string_view file_name, DiagnosticSink& sink) {
  std::string expected = schema_name_from_file(file_name);
  if (expected.empty() || draft.name.empty() || draft.name == expected) return;
  sink.error(draft.line, "schema '" + draft.name + "' is in file '" + std::string(file_name) +
                             "'; a schema must be in a file named after it: '" + draft.name +
                             ".sd'");
}

}  // namespace

bool ParseOutput::ok() const {
  for (const Diagnostic& d : diagnostics) {
    if (d.is_error()) return false;
  }
  return true;
}

ParseOutput parse_schema(std::string_view text, std::string_view file_name) {
  DiagnosticSink sink{std::string(file_name)};
  ParseOutput out;
  try {
    SchemaDraft draft = SdParser(text, sink).parse();
    check_file_name(draft, file_name, sink);
    out.schema = resolve_schema(draft, sink);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // A bug in the parser; still never crash the caller.
    sink.error(0, std::string("internal error while reading the schema: ") + e.what());
    out.schema.reset();
  }
  out.diagnostics = sink.take();
  // The parser and the semantic checks each report in file order; merge them.
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  if (!out.ok()) out.schema.reset();
  return out;
}

ParseOutput parse_schema_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    ParseOutput out;
    out.diagnostics.push_back(
        Diagnostic{path, 0, Diagnostic::kError, false,
                   std::string("cannot read schema file: ") + std::strerror(errno)});
    return out;
  }
  return parse_schema(text.str(), path);
}

}  // namespace grove::schema
