#include "perf/cluster/process_cpu.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <simdjson.h>

#include "perf/common/process_stats.h"

#include "services/base/parse_number.h"

namespace grove::perf {

Result<ClusterPids> read_cluster_pids(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.load(path).get(root)) {
    return Status::IoError(fmt::format("{}: {}", path, simdjson::error_message(error)));
  }
  simdjson::dom::array processes;
  if (root["processes"].get_array().get(processes) != simdjson::SUCCESS) {
    return Status::InvalidArgument(fmt::format("{}: no \"processes\" array", path));
  }
  ClusterPids pids;
  for (simdjson::dom::element p : processes) {
    std::string_view kind;
    int64_t pid = 0;
    if (p["kind"].get_string().get(kind) != simdjson::SUCCESS ||
        p["pid"].get_int64().get(pid) != simdjson::SUCCESS || pid <= 0) {
      return Status::InvalidArgument(fmt::format("{}: a process without kind or pid", path));
    }
    // The config server and the host supervisor are the control plane, not the query path.
    if (kind == "configserver" || kind == "node") continue;
    (kind == "container" ? pids.container : pids.content).push_back(static_cast<pid_t>(pid));
  }
  return pids;
}

Result<std::vector<pid_t>> parse_pid_list(const std::vector<std::string>& items) {
  std::vector<pid_t> pids;
  for (const std::string& item : items) {
    pid_t pid = 0;
    if (!parse_number(item, pid) || pid <= 0) {
      return Status::InvalidArgument(fmt::format("'{}' is not a pid", item));
    }
    pids.push_back(pid);
  }
  return pids;
}

namespace {

Result<double> sum_cpu(const std::vector<pid_t>& pids) {
  double total = 0;
  for (pid_t pid : pids) {
    GROVE_ASSIGN_OR_RETURN(double s, cpu_seconds(pid));
    total += s;
  }
  return total;
}

}  // namespace

Result<CpuSnapshot> take_cpu_snapshot(const ClusterPids& pids) {
  CpuSnapshot snap;
  GROVE_ASSIGN_OR_RETURN(snap.content_s, sum_cpu(pids.content));
  GROVE_ASSIGN_OR_RETURN(snap.container_s, sum_cpu(pids.container));
  GROVE_ASSIGN_OR_RETURN(snap.client_s, cpu_seconds(getpid()));
  return snap;
}

CpuSnapshot operator-(const CpuSnapshot& after, const CpuSnapshot& before) {
  return {.content_s = after.content_s - before.content_s,
          .container_s = after.container_s - before.container_s,
          .client_s = after.client_s - before.client_s};
}

}  // namespace grove::perf
