#include "config-model/deploy/archive_paths.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <system_error>
#include <vector>

namespace grove::deploy {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kZip = "application/zip";
constexpr std::string_view kGzip = "application/gzip";
constexpr std::string_view kXGzip = "application/x-gzip";
constexpr size_t kTopLevelShown = 10;

// The media type of a Content-Type value: lower case, without parameters or spaces.
std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  std::string out;
  for (char c : type) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool starts_with_bytes(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

bool is_zip(std::string_view bytes) {
  using namespace std::string_view_literals;
  return starts_with_bytes(bytes, "PK\x03\x04"sv) || starts_with_bytes(bytes, "PK\x05\x06"sv) ||
         starts_with_bytes(bytes, "PK\x07\x08"sv);
}

bool is_gzip(std::string_view bytes) { return starts_with_bytes(bytes, "\x1f\x8b"); }

// What unknown bytes look like, for the error message.
std::string describe_bytes(std::string_view bytes) {
  if (bytes.empty()) return "the body is empty";
  std::string hex;
  for (size_t i = 0; i < std::min<size_t>(bytes.size(), 4); ++i) {
    hex += fmt::format("{}{:02x}", i ? " " : "", static_cast<unsigned char>(bytes[i]));
  }
  std::string hint;
  if (bytes.size() > 262 && bytes.substr(257, 5) == "ustar") {
    hint = "; it is an uncompressed tar: gzip it (tar czf)";
  } else if (bytes[0] == '<') {
    hint = "; it looks like XML: send the package directory as an archive (grove deploy DIR)";
  }
  return fmt::format("the bytes start with {}{}", hex, hint);
}

bool ignored_top_level(const std::string& name) {
  return name == "__MACOSX" || (!name.empty() && name[0] == '.');
}

}  // namespace

std::string_view archive_format_name(ArchiveFormat format) {
  return format == ArchiveFormat::kZip ? "zip" : "tar.gz";
}

Result<ArchiveFormat> detect_archive_format(std::string_view bytes, std::string_view content_type) {
  std::string type = media_type(content_type);
  if (!type.empty() && type != kZip && type != kGzip && type != kXGzip) {
    return Status::InvalidArgument(fmt::format(
        "Content-Type '{}' is not a package archive; send {} or {} (a gzip'ed tar)", content_type,
        kZip, kXGzip));
  }
  std::optional<ArchiveFormat> actual;
  if (is_zip(bytes)) actual = ArchiveFormat::kZip;
  if (is_gzip(bytes)) actual = ArchiveFormat::kTarGzip;
  if (!actual) {
    return Status::InvalidArgument(fmt::format(
        "the package is neither a zip archive nor a gzip'ed tar: {}", describe_bytes(bytes)));
  }
  if (!type.empty()) {
    ArchiveFormat declared = type == kZip ? ArchiveFormat::kZip : ArchiveFormat::kTarGzip;
    if (declared != *actual) {
      return Status::InvalidArgument(fmt::format(
          "Content-Type is {} but the bytes are {}; send the matching Content-Type ({})", type,
          *actual == ArchiveFormat::kZip ? "a zip archive" : "a gzip stream",
          *actual == ArchiveFormat::kZip ? kZip : kXGzip));
    }
  }
  return *actual;
}

Result<std::string> safe_relative_path(std::string_view name, uint64_t max_path_bytes) {
  auto refuse = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format("entry '{}' is refused: {}", name, why));
  };
  if (name.size() > max_path_bytes) {
    return Status::InvalidArgument(fmt::format(
        "entry '{}...' has a path of {} bytes, more than {} (max_path_bytes)",
        name.substr(0, 60), name.size(), max_path_bytes));
  }
  if (!name.empty() && name[0] == '/') return refuse("its path is absolute");
  if (name.find('\\') != std::string_view::npos) {
    return refuse("its path has a backslash; use '/' between directories");
  }
  if (name.find('\0') != std::string_view::npos) return refuse("its path has a NUL byte");
  std::string out;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = std::min(name.find('/', start), name.size());
    std::string_view part = name.substr(start, end - start);
    if (part == "..") return refuse("its path has a '..' component, which would leave the package");
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    start = end + 1;
  }
  return out;
}

Result<std::string> find_package_root(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_regular_file(dir / "services.xml", ec)) return dir.string();
  std::vector<std::string> top;
  std::vector<fs::path> candidates;
  for (const auto& child : fs::directory_iterator(dir, ec)) {
    std::string name = child.path().filename().string();
    if (ignored_top_level(name)) continue;
    bool directory = child.is_directory(ec);
    top.push_back(name + (directory ? "/" : ""));
    if (directory) candidates.push_back(child.path());
  }
  if (ec) return Status::IoError(fmt::format("listing {}: {}", dir.string(), ec.message()));
  if (top.size() == 1 && candidates.size() == 1 &&
      fs::is_regular_file(candidates[0] / "services.xml", ec)) {
    return candidates[0].string();
  }
  std::sort(top.begin(), top.end());
  std::string listed;
  for (size_t i = 0; i < top.size() && i < kTopLevelShown; ++i) listed += (i ? ", " : "") + top[i];
  if (top.size() > kTopLevelShown) listed += fmt::format(" and {} more", top.size() - kTopLevelShown);
  return Status::InvalidArgument(fmt::format(
      "the archive has no services.xml at its top nor inside exactly one top-level directory "
      "(its top level holds: {})",
      listed.empty() ? "nothing" : listed));
}

}  // namespace grove::deploy
