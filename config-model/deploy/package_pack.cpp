// pack_package(): a package directory into a deterministic gzip'ed tar (package_archive.h).

#include <archive.h>
#include <archive_entry.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <system_error>
#include <vector>

#include "config-model/deploy/package_archive.h"

namespace grove::deploy {

namespace fs = std::filesystem;

namespace {

struct ArchiveWriteDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteDeleter>;

struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

struct PackFile {
  std::string relative;  // '/'-separated, relative to the package directory
  fs::path path;
  uint64_t size = 0;
};

// Appends the regular files under `dir` (skipping dot-directories) to `out`, as `prefix` +
// their path under `dir`. Symbolic links are followed (a package may share its schemas with
// another through a linked directory): what is packed is what they point to, as regular files;
// `depth` bounds a chain of linked directories that loops.
Status collect(const fs::path& root, const fs::path& dir, const std::string& prefix, int depth,
               std::vector<PackFile>& out, const PackageLimits& limits) {
  if (depth > 32) {
    return Status::InvalidArgument(fmt::format("{}: directories nested more than 32 deep (a symbolic link loop?)",
                                               (root / prefix).string()));
  }
  std::error_code ec;
  for (const auto& child : fs::directory_iterator(dir, ec)) {
    std::string name = child.path().filename().string();
    fs::file_status status = child.status(ec);  // follows symbolic links
    if (ec) {
      if (fs::is_symlink(child.symlink_status(ec))) {
        ec.clear();
        continue;  // a dangling link: nothing to pack
      }
      break;
    }
    const std::string relative = prefix + name;
    if (fs::is_directory(status)) {
      if (name[0] == '.') continue;
      GROVE_RETURN_IF_ERROR(collect(root, child.path(), relative + "/", depth + 1, out, limits));
    } else if (fs::is_regular_file(status)) {
      uint64_t size = fs::file_size(child.path(), ec);
      if (ec) break;
      out.push_back({relative, child.path(), size});
      if (out.size() > limits.max_entries) {
        return Status::InvalidArgument(fmt::format(
            "{} has more than {} files (max_entries)", root.string(), limits.max_entries));
      }
    }
  }
  if (ec) return Status::IoError(fmt::format("listing {}: {}", dir.string(), ec.message()));
  return Status::Ok();
}

Status check_sizes(const std::vector<PackFile>& files, const PackageLimits& limits) {
  uint64_t total = 0;
  for (const PackFile& f : files) {
    if (f.relative.size() > limits.max_path_bytes) {
      return Status::InvalidArgument(fmt::format("{} has a path of {} bytes, more than {} (max_path_bytes)",
                                                 f.relative, f.relative.size(), limits.max_path_bytes));
    }
    if (f.size > limits.max_file_bytes) {
      return Status::InvalidArgument(fmt::format("{} has {} bytes, more than {} (max_file_bytes)",
                                                 f.path.string(), f.size, limits.max_file_bytes));
    }
    total += f.size;
  }
  if (total > limits.max_total_bytes) {
    return Status::InvalidArgument(fmt::format("the package has {} bytes of files, more than {} (max_total_bytes)",
                                               total, limits.max_total_bytes));
  }
  return Status::Ok();
}

la_ssize_t append_to_string(archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

Status archive_status(archive* a, std::string_view what) {
  const char* text = archive_error_string(a);
  return Status::Internal(fmt::format("{}: {}", what, text ? text : "unknown libarchive error"));
}

Result<ArchiveWriter> open_writer(std::string& out) {
  ArchiveWriter a(archive_write_new());
  if (!a) return Status::ResourceExhausted("libarchive could not allocate a writer");
  if (archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK ||
      // Without this the gzip header carries the current time and no two packs are alike.
      archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr) != ARCHIVE_OK ||
      archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
      archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr) != ARCHIVE_OK) {
    return archive_status(a.get(), "setting up the tar.gz writer");
  }
  return a;
}

Status write_file(archive* a, const PackFile& file) {
  std::ifstream in(file.path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Status::IoError(fmt::format("reading {}", file.path.string()));
  if (data.size() != file.size) {
    return Status::IoError(fmt::format("{} changed size while it was being packed", file.path.string()));
  }
  std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
  archive_entry_set_pathname(entry.get(), file.relative.c_str());
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
  archive_entry_set_mtime(entry.get(), 0, 0);
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  if (archive_write_header(a, entry.get()) != ARCHIVE_OK) {
    return archive_status(a, fmt::format("writing the tar header of {}", file.relative));
  }
  if (!data.empty() && archive_write_data(a, data.data(), data.size()) < 0) {
    return archive_status(a, fmt::format("writing {} into the tar", file.relative));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> pack_package(const std::string& dir, const PackageLimits& limits) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(dir) / "services.xml", ec)) {
    return Status::InvalidArgument(fmt::format(
        "{} is not an application package: it has no services.xml", dir));
  }
  std::vector<PackFile> files;
  GROVE_RETURN_IF_ERROR(collect(dir, dir, "", 0, files, limits));
  std::sort(files.begin(), files.end(),
            [](const PackFile& a, const PackFile& b) { return a.relative < b.relative; });
  GROVE_RETURN_IF_ERROR(check_sizes(files, limits));
  std::string out;
  {
    GROVE_ASSIGN_OR_RETURN(ArchiveWriter a, open_writer(out));
    for (const PackFile& file : files) GROVE_RETURN_IF_ERROR(write_file(a.get(), file));
    if (archive_write_close(a.get()) != ARCHIVE_OK) {
      return archive_status(a.get(), "finishing the tar.gz");
    }
  }
  if (out.size() > limits.max_archive_bytes) {
    return Status::InvalidArgument(fmt::format(
        "the packed package has {} bytes, more than {} (max_archive_bytes)", out.size(),
        limits.max_archive_bytes));
  }
  return out;
}

}  // namespace grove::deploy
