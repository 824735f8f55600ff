#pragma once

// The checks package_archive.cpp applies to what an archive names: its format (content type and
// magic bytes), each entry's path, and where the package's root is once unpacked. Internal to
// grove_package_archive; separate so that each rule is tested on its own.
//
// Pure functions (find_package_root reads the directory); thread-safe.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "config-model/deploy/package_archive.h"
#include "services/base/result.h"

namespace grove::deploy {

// The format of `bytes`, from their magic bytes, checked against `content_type` (see
// unpack_package). InvalidArgument naming the content type, what the bytes are, or both.
Result<ArchiveFormat> detect_archive_format(std::string_view bytes, std::string_view content_type);

// The entry name `name` as a path relative to the destination, without "./" and "." components
// or a trailing "/" ("" for the root itself). InvalidArgument naming the entry for an absolute
// path, a ".." component, a backslash, a NUL or a path longer than `max_path_bytes`.
Result<std::string> safe_relative_path(std::string_view name, uint64_t max_path_bytes);

// The directory of an unpacked package that holds services.xml: `dir` itself, or its only
// top-level directory (entries named __MACOSX or starting with "." do not count, so archives
// made on macOS work). InvalidArgument listing what the top level holds otherwise.
Result<std::string> find_package_root(const std::filesystem::path& dir);

}  // namespace grove::deploy
