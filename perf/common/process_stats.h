#pragma once

// What benchmarks read about a process from /proc: its CPU time and its resident memory.
//
// Pure functions over /proc; thread-safe.

#include <sys/types.h>

#include <cstdint>

#include "services/base/result.h"

namespace grove::perf {

// User plus system CPU time `pid` has used, in seconds (/proc/PID/stat, in clock ticks).
// NotFound when the process is gone.
Result<double> cpu_seconds(pid_t pid);

// VmRSS of `pid` from /proc/PID/status, in bytes. NotFound when the process is gone.
Result<uint64_t> resident_bytes(pid_t pid);
// RssAnon of `pid`: resident memory that is not a mapped file (so without the pages of the
// LMDB store a node maps, which the page cache can drop). NotFound when the process is gone.
Result<uint64_t> anonymous_bytes(pid_t pid);

}  // namespace grove::perf
