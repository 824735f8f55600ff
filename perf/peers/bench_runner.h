#pragma once

// BenchRunner: runs a list of queries over one searcher per thread and measures it. The threads
// take the next query from a shared counter, so every query runs exactly once per run and the
// wall time covers the whole list; each query's latency is measured on its own thread.
//
// Usage:
//   BenchRunner runner(std::move(searchers));            // one searcher per thread
//   GROVE_RETURN_IF_ERROR(runner.run(all_indices).status());  // warm-up
//   GROVE_ASSIGN_OR_RETURN(RunResult r, runner.run(indices_of_type));
//
// Owned by the benchmark; run() is called from one thread at a time.

#include <cstdint>
#include <memory>
#include <vector>

#include "perf/common/bench_report.h"
#include "perf/peers/peer_engine.h"

namespace grove::perf {

struct RunResult {
  std::vector<int64_t> latencies_ns;  // by position in the list run
  std::vector<uint32_t> hits;         // by position in the list run
  double wall_seconds = 0;

  double avg_hits() const;
  uint64_t zero_hit() const;
};

class BenchRunner {
 public:
  explicit BenchRunner(std::vector<std::unique_ptr<PeerSearcher>> searchers);

  size_t threads() const { return searchers_.size(); }

  // Runs the queries with the given indices once, spread over the threads. The first failing
  // search's Status when any fails.
  Result<RunResult> run(const std::vector<uint32_t>& indices);

 private:
  std::vector<std::unique_ptr<PeerSearcher>> searchers_;  // Invariant: not empty
};

}  // namespace grove::perf
