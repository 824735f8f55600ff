#include "perf/peers/peer_engine.h"

#include <fmt/format.h>

#include <filesystem>

#include "perf/peers/fts5_engine.h"
#include "perf/peers/xapian_engine.h"

namespace grove::perf {

namespace {

bool valid_field_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<PeerEngine>> make_peer_engine(std::string_view name, EngineSetup setup) {
  for (const std::string& field : setup.numeric_fields) {
    if (!valid_field_name(field)) {
      return Status::InvalidArgument(fmt::format("bad field name '{}'", field));
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(setup.workdir, ec);
  if (ec) return Status::IoError(fmt::format("{}: {}", setup.workdir, ec.message()));
  std::unique_ptr<PeerEngine> engine;
  if (name == "xapian") engine = std::make_unique<XapianEngine>(std::move(setup));
  if (name == "fts5") engine = std::make_unique<Fts5Engine>(std::move(setup));
  if (engine) return engine;
  return Status::InvalidArgument(fmt::format("unknown engine '{}' (xapian, fts5)", name));
}

uint64_t disk_usage(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

}  // namespace grove::perf
