#pragma once

// run_load(): the closed-loop load of the cluster benchmark. `clients` threads each hold one
// keep-alive connection (SearchConnection) and take the next request from a shared counter, so
// the requests go out in order, round-robin over the clients. A warm-up pass over the first
// `warmup` requests runs before the timed pass and is not recorded; the CPU of the cluster's
// processes is read right before and right after the timed pass.
//
// Usage:
//   LoadOptions o{.endpoint = e, .clients = 8, .warmup = 500};
//   GROVE_ASSIGN_OR_RETURN(LoadRun run, run_load(targets, o, pids));
//
// Blocking; call from one thread.

#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "perf/cluster/process_cpu.h"
#include "perf/cluster/search_connection.h"
#include "services/base/result.h"

namespace grove::perf {

enum class Outcome : uint8_t {
  kOk,
  kHttpError,  // a status other than 200
  kPartial,    // 200 with coverage full=false or error entries
  kBadBody,    // 200 with a body that is not a search result
  kTransport,  // no answer: connect, read or timeout
};

// One timed request.
struct Sample {
  uint32_t request = 0;      // index into the targets
  int64_t latency_ns = 0;    // from sending the request to the whole answer
  int64_t overhead_ns = 0;   // latency minus the slowest node's search_ms, when traced
  bool traced = false;       // the answer carried root.trace.nodes[].search_ms
  // The slowest node's search_ms and the container's phases (ContainerTiming: stats, search,
  // fill, total), in ms; -1 when the answer did not carry them.
  std::array<float, 5> trace_ms{-1, -1, -1, -1, -1};
  uint32_t hits = 0;
  Outcome outcome = Outcome::kOk;
};

struct LoadOptions {
  Endpoint endpoint;
  int clients = 1;
  size_t warmup = 0;  // requests from the start of the targets, run before the timed pass
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
  // How long the cluster's idle CPU (pings, maintenance) is sampled before the timed pass; 0:
  // not at all. Only with pids.
  std::chrono::milliseconds idle_sample = std::chrono::seconds(2);
};

struct LoadRun {
  std::vector<Sample> samples;  // in no particular order
  double wall_seconds = 0;      // of the timed pass
  std::optional<CpuSnapshot> cpu;  // spent during the timed pass; unset without pids
  std::optional<CpuSnapshot> idle_cpu;  // spent while idle for idle_seconds; unset without
  double idle_seconds = 0;              // pids or an idle sample
  std::string first_error;         // a description of the first failed request, if any
};

// Runs every target once (timed) after the warm-up and the idle sample. Unavailable when a client cannot connect
// at the start; failures of single requests are samples, not errors.
Result<LoadRun> run_load(const std::vector<std::string>& targets, const LoadOptions& options,
                         const ClusterPids& pids);

}  // namespace grove::perf
