#include "perf/common/process_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace grove::perf {

namespace {

// A "Name:   N kB" line of /proc/PID/status, in bytes.
Result<uint64_t> status_bytes(pid_t pid, std::string_view name) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  if (!in) return Status::NotFound(fmt::format("process {} is gone", pid));
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() <= name.size() || line.compare(0, name.size(), name) != 0 || line[name.size()] != ':') {
      continue;
    }
    std::istringstream fields(line.substr(name.size() + 1));
    uint64_t kib = 0;
    fields >> kib;
    return kib * 1024;
  }
  return Status::NotFound(fmt::format("/proc/{}/status has no {}", pid, name));
}

}  // namespace

Result<uint64_t> resident_bytes(pid_t pid) { return status_bytes(pid, "VmRSS"); }

Result<uint64_t> anonymous_bytes(pid_t pid) { return status_bytes(pid, "RssAnon"); }

Result<double> cpu_seconds(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string stat;
  if (!std::getline(in, stat)) return Status::NotFound(fmt::format("process {} is gone", pid));
  // The command name (field 2) may hold spaces; the fields after its ')' are plain.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;
  uint64_t utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) {
    return Status::Internal(fmt::format("/proc/{}/stat: cannot read utime and stime", pid));
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace grove::perf
