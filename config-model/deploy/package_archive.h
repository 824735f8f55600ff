#pragma once

// Application packages as archives: what the config server's deploy API receives and what
// `grove deploy` sends. unpack_package() turns a zip (`application/zip`) or a gzip'ed tar
// (`application/x-gzip`, `application/gzip`) into a directory; pack_package() turns a directory
// into a gzip'ed tar. The rules (what is refused, the limits, how the root is found) are in
// docs/package-archive.md.
//
// The archive comes from the network, so unpacking treats it as hostile: an absolute path, a
// `..` component, a symlink, a hard link, a device, a fifo, a socket or a duplicate entry is
// refused; every size is counted while decompressing (never trusting the sizes an entry
// declares) against PackageLimits; files are written only under the destination, with
// O_EXCL|O_NOFOLLOW, and with fixed permissions (0644 files, 0755 directories).
//
// Usage:
//   Result<UnpackedPackage> package =
//       unpack_package(body, request.content_type, "/var/grove/unpack/gen7", PackageLimits{});
//   if (!package.ok()) return reply_400(package.status().message());
//   ApplicationModel::LoadOutput model = ApplicationModel::load(package->root);
//
//   Result<std::string> archive = pack_package("schemas/music-grouped", PackageLimits{});
//
// Free functions without shared state; thread-safe (each call has its own libarchive handle).

#include <cstdint>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::deploy {

// Every limit of one package; both unpack_package() and pack_package() enforce all of them.
struct PackageLimits {
  uint64_t max_archive_bytes = 64ull << 20;  // the archive itself (the compressed bytes)
  uint64_t max_total_bytes = 64ull << 20;    // all files together, uncompressed
  uint64_t max_file_bytes = 16ull << 20;     // one file, uncompressed
  uint64_t max_entries = 10'000;             // files and directories in the archive
  uint64_t max_path_bytes = 1024;            // one entry's path
};

enum class ArchiveFormat { kZip, kTarGzip };

// "zip" or "tar.gz".
std::string_view archive_format_name(ArchiveFormat format);

struct UnpackedPackage {
  std::string root;  // the directory holding services.xml: dest_dir, or its one top directory
  ArchiveFormat format = ArchiveFormat::kZip;
  uint64_t files = 0;
  uint64_t bytes = 0;  // of all files, uncompressed
};

// Unpacks `bytes` into `dest_dir`, which must not exist or be an empty directory (it is
// created). `content_type` is the request's Content-Type (parameters such as "; charset=" are
// ignored, case does not matter); empty means "detect from the bytes". The format is detected
// from the magic bytes either way.
//
// Errors, all InvalidArgument unless said otherwise, each naming the problem:
//   - a content type other than the three above, or one that disagrees with the bytes
//     ("Content-Type is application/zip but the bytes are a gzip stream");
//   - bytes that are neither a zip archive nor a gzip stream, or a gzip stream that is not a tar;
//   - a refused entry (see above), naming the entry and why;
//   - a limit exceeded, naming the limit, its value and the entry (InvalidArgument, not
//     ResourceExhausted: sending the same package again cannot help);
//   - a truncated or corrupt archive, naming the entry being read (or the one before it);
//   - no services.xml at the top of the archive nor inside exactly one top-level directory;
//   - IoError when `dest_dir` cannot be created or written, InvalidArgument when it is not empty.
// On failure everything written under `dest_dir` is removed again.
Result<UnpackedPackage> unpack_package(std::string_view bytes, std::string_view content_type,
                                       const std::string& dest_dir, const PackageLimits& limits);

// The regular files under `dir`, as a gzip'ed tar (pax format) with paths relative to `dir`.
// Deterministic: the same files give the same bytes (entries in byte order of their paths,
// mtime 0, owner 0, mode 0644, no gzip timestamp). Directories whose name starts with a dot
// (.git, .idea) are skipped with everything under them. Symbolic links are followed and what
// they point to is packed as regular files (packages share schema directories that way; a
// dangling link is skipped); other non-regular files are skipped. InvalidArgument when `dir` has no
// services.xml; InvalidArgument naming the limit when the package is too big to send; IoError
// naming the file when one cannot be read.
Result<std::string> pack_package(const std::string& dir, const PackageLimits& limits);

}  // namespace grove::deploy
