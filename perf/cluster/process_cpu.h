#pragma once

// CPU time of the processes of a local cluster, read from /proc/PID/stat (utime + stime, in
// clock ticks of sysconf(_SC_CLK_TCK)), and the pids `grove up` recorded in DIR/cluster.json
// (container/cli/local_cluster.h).
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(ClusterPids pids, read_cluster_pids("var/perf/cluster/x/cluster.json"));
//   GROVE_ASSIGN_OR_RETURN(CpuSnapshot before, take_cpu_snapshot(pids));
//   ... run ...
//   GROVE_ASSIGN_OR_RETURN(CpuSnapshot after, take_cpu_snapshot(pids));
//   CpuSpent spent = after - before;
//
// Pure functions over /proc and the file system; thread-safe.

#include <sys/types.h>

#include <string>
#include <vector>

#include "services/base/result.h"

namespace grove::perf {

struct ClusterPids {
  std::vector<pid_t> content;    // content nodes
  std::vector<pid_t> container;  // search containers
  bool empty() const { return content.empty() && container.empty(); }
};

// The content and container pids of a cluster.json. IoError or InvalidArgument when it cannot
// be read.
Result<ClusterPids> read_cluster_pids(const std::string& path);

// "12,13,14" → pids. InvalidArgument on anything that is not a positive number.
Result<std::vector<pid_t>> parse_pid_list(const std::vector<std::string>& items);

struct CpuSnapshot {
  double content_s = 0;
  double container_s = 0;
  double client_s = 0;  // this process (the load generator)
};

// One reading of every pid and of this process. NotFound when one of them is gone.
Result<CpuSnapshot> take_cpu_snapshot(const ClusterPids& pids);

CpuSnapshot operator-(const CpuSnapshot& after, const CpuSnapshot& before);

}  // namespace grove::perf
