#include "perf/node/app_variant.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

namespace grove::perf {

namespace fs = std::filesystem;

std::string unstemmed_schema(std::string_view sd_text) {
  static const std::regex kSetting(R"(stemming\s*:\s*[A-Za-z]+)");
  static const std::regex kSchemaLine(R"((^|\n)([ \t]*schema[ \t]+\w+([ \t]+inherits[ \t]+\w+)?[ \t]*\{))");
  std::string text = std::regex_replace(std::string(sd_text), kSetting, "stemming: none");
  return std::regex_replace(text, kSchemaLine, "$1$2\n    stemming: none",
                            std::regex_constants::format_first_only);
}

namespace {

Status rewrite_schema(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Status::IoError(fmt::format("{}: cannot read", file.string()));
  std::ofstream out(file, std::ios::trunc);
  out << unstemmed_schema(text.str());
  out.close();
  if (!out) return Status::IoError(fmt::format("{}: cannot write", file.string()));
  return Status::Ok();
}

}  // namespace

Status copy_without_stemming(const std::string& app_dir, const std::string& out_dir) {
  std::error_code ec;
  fs::remove_all(out_dir, ec);
  fs::copy(app_dir, out_dir, fs::copy_options::recursive, ec);
  if (ec) {
    return Status::IoError(fmt::format("copy {} to {}: {}", app_dir, out_dir, ec.message()));
  }
  for (fs::directory_iterator it(fs::path(out_dir) / "schemas", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".sd") GROVE_RETURN_IF_ERROR(rewrite_schema(it->path()));
  }
  if (ec) return Status::IoError(fmt::format("{}/schemas: {}", out_dir, ec.message()));
  return Status::Ok();
}

}  // namespace grove::perf
