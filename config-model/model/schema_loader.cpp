#include "config-model/model/schema_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "config-model/model/xml_file.h"
#include "config-model/schema/schema_parser.h"

namespace grove::config {

namespace {

namespace fs = std::filesystem;

Diagnostic convert(const schema::Diagnostic& d, const std::string& file) {
  Diagnostic out;
  out.file = file;
  out.line = d.line;
  out.severity = d.is_error() ? Diagnostic::Severity::kError : Diagnostic::Severity::kWarning;
  out.message = d.unsupported ? "unsupported: " + d.message : d.message;
  return out;
}

std::vector<fs::path> schema_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".sd") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

LoadedSchemas SchemaLoader::load(const std::string& app_dir, DiagnosticList& out) {
  LoadedSchemas loaded;
  fs::path dir = fs::path(app_dir) / "schemas";
  std::error_code ec;
  if (!fs::is_directory(dir, ec) && fs::is_directory(fs::path(app_dir) / "searchdefinitions", ec)) {
    out.warning("searchdefinitions", 0, "",
                "Grove reads schemas from schemas/ only; move the .sd files from "
                "searchdefinitions/ (Vespa's old name) to schemas/");
  }
  for (const fs::path& path : schema_files(dir)) {
    std::string file = "schemas/" + path.filename().string();
    loaded.files.insert(path.stem().string());
    std::optional<std::string> text = read_text_file(path);
    if (!text) {
      out.error(file, 0, "",
                "the schema file cannot be read; check that it is a file and its "
                "permissions");
      continue;
    }
    schema::ParseOutput parsed = schema::parse_schema(*text, file);
    for (const schema::Diagnostic& d : parsed.diagnostics) out.add(convert(d, file));
    if (parsed.ok() && parsed.schema) loaded.schemas.push_back(std::move(*parsed.schema));
  }
  return loaded;
}

}  // namespace grove::config
