#pragma once

// The supervisor's record of its children, `DIR/processes.json`: each child's name, pid and
// exact command line, rewritten whenever a child starts or ends. A later run (after a crash or
// SIGKILL of the supervisor) reads it and stops the processes that are still the recorded ones
// before it starts new ones. A pid counts as the recorded process only while it runs with the
// recorded command line (/proc/PID/cmdline), so a pid the system gave to another program is
// left alone. The format is in docs/supervisor.md.
//
// Usage:
//   GROVE_RETURN_IF_ERROR(write_process_records(path, records));
//   size_t stopped = stop_recorded_processes(path, std::chrono::seconds(10));
//
// Free functions; one supervisor owns one file.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::supervisor {

struct ProcessRecord {
  std::string name;               // "content-music-0"
  pid_t pid = -1;
  std::vector<std::string> argv;  // binary path first
  friend bool operator==(const ProcessRecord&, const ProcessRecord&) = default;
};

std::string render_process_records(const std::vector<ProcessRecord>& records);
// InvalidArgument naming the entry and field for anything but render_process_records()'s form.
Result<std::vector<ProcessRecord>> parse_process_records(std::string_view json);

// Writes the file atomically (a temporary file, then rename). IoError naming the path.
Status write_process_records(const std::string& path, const std::vector<ProcessRecord>& records);
// NotFound when there is no file; IoError when it cannot be read; parse errors as above.
Result<std::vector<ProcessRecord>> read_process_records(const std::string& path);

// True while `record.pid` runs with exactly `record.argv` as its command line.
bool is_recorded_process(const ProcessRecord& record);

// Stops (SIGTERM, SIGKILL after `grace`) every recorded process that is still the recorded one,
// then removes the file. A missing file is no error; an unreadable one is logged and removed
// (nothing is signalled on a guess). Returns how many were stopped.
size_t stop_recorded_processes(const std::string& path, std::chrono::milliseconds grace);

}  // namespace grove::supervisor
