// unpack_package(): a hostile archive into a directory (package_archive.h,
// docs/package-archive.md).

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <system_error>
#include <vector>

#include "config-model/deploy/archive_paths.h"
#include "config-model/deploy/package_archive.h"

namespace grove::deploy {

namespace fs = std::filesystem;

namespace {

constexpr size_t kReadChunk = 64 * 1024;

struct ArchiveReadDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadDeleter>;

std::string archive_error(archive* a) {
  const char* text = archive_error_string(a);
  return text != nullptr ? text : "unknown libarchive error";
}

// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

// Writes the entries of one archive under one destination, checking every rule and limit.
class Unpacker {
 public:
  Unpacker(archive* a, ArchiveFormat format, fs::path dest, const PackageLimits& limits)
      : a_(a), format_(format), dest_(std::move(dest)), limits_(limits) {}

  Status run();
  uint64_t files() const { return files_; }
  uint64_t bytes() const { return bytes_; }

 private:
  Status next_entry(archive_entry* entry);
  Status check_type(archive_entry* entry, const std::string& name) const;
  Status make_parents(const std::string& path, const std::string& name);
  Status make_directory(const std::string& path, const std::string& name);
  Status write_file(archive_entry* entry, const std::string& path, const std::string& name);
  Status copy_data(int fd, const std::string& name);
  Status claim(const std::string& path, const std::string& name, bool directory);

  archive* a_;
  ArchiveFormat format_;
  fs::path dest_;
  const PackageLimits& limits_;
  uint64_t entries_ = 0;
  uint64_t files_ = 0;
  uint64_t bytes_ = 0;
  std::string last_entry_;          // the last entry read, for errors between entries
  std::set<std::string> files_seen_;  // relative paths written as files
  std::set<std::string> dirs_seen_;   // relative paths made as directories
};

Status Unpacker::run() {
  for (;;) {
    archive_entry* entry = nullptr;
    int rc = archive_read_next_header(a_, &entry);
    if (rc == ARCHIVE_EOF) return Status::Ok();
    if (rc < ARCHIVE_WARN) {
      std::string where = last_entry_.empty() ? std::string("at its first entry")
                                              : fmt::format("after entry '{}'", last_entry_);
      return Status::InvalidArgument(fmt::format("the {} archive is truncated or corrupt {}: {}",
                                                 archive_format_name(format_), where,
                                                 archive_error(a_)));
    }
    GROVE_RETURN_IF_ERROR(next_entry(entry));
  }
}

Status Unpacker::next_entry(archive_entry* entry) {
  const char* raw = archive_entry_pathname(entry);
  if (raw == nullptr) raw = archive_entry_pathname_utf8(entry);
  if (raw == nullptr) {
    return Status::InvalidArgument(fmt::format(
        "an entry after '{}' has a path that is not readable text", last_entry_));
  }
  std::string name = raw;
  last_entry_ = name;
  if (++entries_ > limits_.max_entries) {
    return Status::InvalidArgument(fmt::format(
        "the archive has more than {} entries (max_entries); entry '{}' is one too many",
        limits_.max_entries, name));
  }
  GROVE_ASSIGN_OR_RETURN(std::string path, safe_relative_path(name, limits_.max_path_bytes));
  GROVE_RETURN_IF_ERROR(check_type(entry, name));
  if (archive_entry_filetype(entry) == AE_IFDIR) {
    if (path.empty()) return Status::Ok();  // "./": the root itself
    GROVE_RETURN_IF_ERROR(make_parents(path, name));
    return make_directory(path, name);
  }
  if (path.empty()) {
    return Status::InvalidArgument(fmt::format("entry '{}' is a file without a name", name));
  }
  GROVE_RETURN_IF_ERROR(make_parents(path, name));
  return write_file(entry, path, name);
}

Status Unpacker::check_type(archive_entry* entry, const std::string& name) const {
  if (archive_entry_hardlink(entry) != nullptr) {
    return Status::InvalidArgument(fmt::format(
        "entry '{}' is a hard link to '{}'; a package holds only regular files and directories",
        name, archive_entry_hardlink(entry)));
  }
  mode_t type = archive_entry_filetype(entry);
  if (type == AE_IFREG || type == AE_IFDIR) return Status::Ok();
  std::string what = type == AE_IFLNK ? fmt::format("a symlink to '{}'", archive_entry_symlink(entry)
                                                                             ? archive_entry_symlink(entry)
                                                                             : "")
                     : type == AE_IFCHR || type == AE_IFBLK ? std::string("a device")
                     : type == AE_IFIFO                     ? std::string("a fifo")
                     : type == AE_IFSOCK                    ? std::string("a socket")
                                                            : std::string("of an unknown type");
  return Status::InvalidArgument(fmt::format(
      "entry '{}' is {}; a package holds only regular files and directories", name, what));
}

Status Unpacker::claim(const std::string& path, const std::string& name, bool directory) {
  if (files_seen_.count(path) != 0) {
    return Status::InvalidArgument(fmt::format(
        "entry '{}' is in the archive twice (or a file of that name exists already)", name));
  }
  if (directory) {
    dirs_seen_.insert(path);
    return Status::Ok();
  }
  if (dirs_seen_.count(path) != 0) {
    return Status::InvalidArgument(
        fmt::format("entry '{}' is a file where the archive has a directory of that name", name));
  }
  files_seen_.insert(path);
  return Status::Ok();
}

Status Unpacker::make_parents(const std::string& path, const std::string& name) {
  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    std::string parent = path.substr(0, slash);
    if (dirs_seen_.count(parent) != 0) continue;
    if (files_seen_.count(parent) != 0) {
      return Status::InvalidArgument(fmt::format(
          "entry '{}' is under '{}', which the archive has as a file", name, parent));
    }
    GROVE_RETURN_IF_ERROR(make_directory(parent, name));
  }
  return Status::Ok();
}

Status Unpacker::make_directory(const std::string& path, const std::string& name) {
  if (dirs_seen_.count(path) != 0) return Status::Ok();  // a repeated directory entry is harmless
  GROVE_RETURN_IF_ERROR(claim(path, name, /*directory=*/true));
  fs::path target = dest_ / path;
  if (mkdir(target.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status::IoError(
        fmt::format("creating directory {} for entry '{}': {}", target.string(), name, strerror(errno)));
  }
  return Status::Ok();
}

Status Unpacker::write_file(archive_entry* entry, const std::string& path, const std::string& name) {
  if (archive_entry_size_is_set(entry) && archive_entry_size(entry) >= 0) {
    auto declared = static_cast<uint64_t>(archive_entry_size(entry));
    if (declared > limits_.max_file_bytes) {
      return Status::InvalidArgument(fmt::format(
          "entry '{}' declares {} bytes, more than the {} bytes one file may have (max_file_bytes)",
          name, declared, limits_.max_file_bytes));
    }
  }
  GROVE_RETURN_IF_ERROR(claim(path, name, /*directory=*/false));
  fs::path target = dest_ / path;
  Fd out{open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)};
  if (out.fd < 0) {
    return Status::IoError(
        fmt::format("creating {} for entry '{}': {}", target.string(), name, strerror(errno)));
  }
  ++files_;
  return copy_data(out.fd, name);
}

Status Unpacker::copy_data(int fd, const std::string& name) {
  std::vector<char> buffer(kReadChunk);
  uint64_t file_bytes = 0;
  for (;;) {
    la_ssize_t n = archive_read_data(a_, buffer.data(), buffer.size());
    if (n == 0) return Status::Ok();
    if (n < 0) {
      return Status::InvalidArgument(fmt::format("the {} archive is truncated or corrupt in entry '{}': {}",
                                                 archive_format_name(format_), name, archive_error(a_)));
    }
    file_bytes += static_cast<uint64_t>(n);
    bytes_ += static_cast<uint64_t>(n);
    if (file_bytes > limits_.max_file_bytes) {
      return Status::InvalidArgument(fmt::format(
          "entry '{}' unpacks to more than the {} bytes one file may have (max_file_bytes)", name,
          limits_.max_file_bytes));
    }
    if (bytes_ > limits_.max_total_bytes) {
      return Status::InvalidArgument(fmt::format(
          "the package unpacks to more than {} bytes in all (max_total_bytes), reached in entry '{}'",
          limits_.max_total_bytes, name));
    }
    for (la_ssize_t done = 0; done < n;) {
      ssize_t w = write(fd, buffer.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        return Status::IoError(fmt::format("writing entry '{}': {}", name, strerror(errno)));
      }
      done += w;
    }
  }
}

// Removes what an unpack wrote when it fails, unless released.
class CleanupGuard {
 public:
  CleanupGuard(fs::path dest, bool created) : dest_(std::move(dest)), created_(created) {}
  ~CleanupGuard() {
    if (released_) return;
    std::error_code ec;
    if (created_) {
      fs::remove_all(dest_, ec);
      return;
    }
    for (const auto& child : fs::directory_iterator(dest_, ec)) fs::remove_all(child.path(), ec);
  }
  void release() { released_ = true; }

 private:
  fs::path dest_;
  bool created_;
  bool released_ = false;
};

// Creates `dest` or checks that it is an empty directory; true when it was created.
Result<bool> prepare_destination(const fs::path& dest) {
  std::error_code ec;
  if (!fs::exists(dest, ec)) {
    fs::create_directories(dest, ec);
    if (ec) return Status::IoError(fmt::format("creating {}: {}", dest.string(), ec.message()));
    return true;
  }
  if (!fs::is_directory(dest, ec)) {
    return Status::InvalidArgument(fmt::format("{} exists and is not a directory", dest.string()));
  }
  if (!fs::is_empty(dest, ec) || ec) {
    return Status::InvalidArgument(fmt::format(
        "{} is not empty; a package is unpacked into a new or empty directory", dest.string()));
  }
  return false;
}

Result<ArchiveReader> open_reader(std::string_view bytes, ArchiveFormat format) {
  ArchiveReader a(archive_read_new());
  if (!a) return Status::ResourceExhausted("libarchive could not allocate a reader");
  if (format == ArchiveFormat::kZip) {
    archive_read_support_format_zip(a.get());
  } else {
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
  }
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    std::string hint = format == ArchiveFormat::kTarGzip
                           ? "; a gzip stream must hold a tar archive"
                           : "";
    return Status::InvalidArgument(fmt::format("not a readable {} archive: {}{}",
                                               archive_format_name(format),
                                               archive_error(a.get()), hint));
  }
  return a;
}

}  // namespace

Result<UnpackedPackage> unpack_package(std::string_view bytes, std::string_view content_type,
                                       const std::string& dest_dir, const PackageLimits& limits) {
  if (bytes.size() > limits.max_archive_bytes) {
    return Status::InvalidArgument(fmt::format(
        "the archive has {} bytes, more than the {} a package may have (max_archive_bytes)",
        bytes.size(), limits.max_archive_bytes));
  }
  GROVE_ASSIGN_OR_RETURN(ArchiveFormat format, detect_archive_format(bytes, content_type));
  fs::path dest(dest_dir);
  GROVE_ASSIGN_OR_RETURN(bool created, prepare_destination(dest));
  CleanupGuard cleanup(dest, created);
  GROVE_ASSIGN_OR_RETURN(ArchiveReader reader, open_reader(bytes, format));
  Unpacker unpacker(reader.get(), format, dest, limits);
  GROVE_RETURN_IF_ERROR(unpacker.run());
  GROVE_ASSIGN_OR_RETURN(std::string root, find_package_root(dest));
  cleanup.release();
  return UnpackedPackage{std::move(root), format, unpacker.files(), unpacker.bytes()};
}

}  // namespace grove::deploy
