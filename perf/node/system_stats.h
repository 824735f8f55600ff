#pragma once

// What the node benchmark reads from the operating system: a free TCP port on 127.0.0.1, the
// bytes a directory takes on disk, and the load average that is printed next to every figure
// (other people may be building on the same machine); a process's CPU and memory come from
// perf/common/process_stats.h.
//
// Pure functions over /proc and the file system; thread-safe.

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "perf/common/process_stats.h"  // cpu_seconds, resident_bytes, anonymous_bytes
#include "services/base/result.h"

namespace grove::perf {

// A TCP port on 127.0.0.1 that was free a moment ago. Unavailable when none can be bound.
Result<uint16_t> free_port();


struct DiskUsage {
  uint64_t allocated = 0;  // blocks actually allocated (st_blocks * 512)
  uint64_t apparent = 0;   // file sizes
};

// The regular files under `path` (or `path` itself).
DiskUsage disk_usage_of(const std::string& path);

// "1.23 0.98 0.75": the 1, 5 and 15 minute load averages; "?" when unreadable.
std::string load_average();

}  // namespace grove::perf
