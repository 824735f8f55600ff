#pragma once

// The unpacked packages of a subscriber's generations, one directory each under a work
// directory: `<work_dir>/gen-<N>/` (the application's root is that directory or its one top
// folder, as deploy::unpack_package finds it).
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(std::string app_dir,
//                          unpack_generation(work_dir, 7, bytes, content_type, limits));
//   prune_generations(work_dir, /*keep=*/3, /*current=*/7);
//
// Free functions; not safe against two callers using one work directory at once (a
// subscriber owns its work directory).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/deploy/package_archive.h"
#include "services/base/result.h"

namespace grove::subscription {

// "<work_dir>/gen-<generation>".
std::string generation_dir(const std::string& work_dir, uint64_t generation);

// Unpacks `bytes` into generation_dir(), replacing a directory of that generation left by an
// earlier run; returns the application's root. The errors of deploy::unpack_package (bad
// package: InvalidArgument; nothing is left behind), IoError when the work directory cannot be
// created or the old directory removed.
Result<std::string> unpack_generation(const std::string& work_dir, uint64_t generation,
                                      std::string_view bytes, std::string_view content_type,
                                      const deploy::PackageLimits& limits);

// The generations that have a directory under `work_dir`, ascending.
std::vector<uint64_t> list_generations(const std::string& work_dir);

// Removes the directories of all but the newest `keep` generations (at least 1), never that of
// `current`. Failures to remove are ignored (tried again next time).
void prune_generations(const std::string& work_dir, size_t keep, uint64_t current);

}  // namespace grove::subscription
