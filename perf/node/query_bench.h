#pragma once

// measure_queries(): the query measurement of the node benchmark, step for step the one
// grove-peer-bench runs on the peers (perf/peers/docs/peer-bench.md): one warm-up pass over the
// whole set, then each query type on its own, every query once, the threads taking the next
// query from a shared counter; `type=all` pools the types (all queries over the summed wall
// times). Prints a human line and a RESULT line (with the load average appended as load1=) per
// type.
//
// Usage:
//   TypeIndices types = indices_by_type(set, 1000);
//   BenchRunner runner(std::move(searchers));
//   GROVE_ASSIGN_OR_RETURN(Measured m, measure_queries(runner, types, {"grove-rpc", "gcide"}));
//
// Blocking; call from one thread.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "perf/common/bench_report.h"
#include "perf/common/query_set.h"
#include "perf/peers/bench_runner.h"

namespace grove::perf {

// Query indices per type, in order of first appearance.
using TypeIndices = std::vector<std::pair<std::string, std::vector<uint32_t>>>;

// At most `cap` queries of each type (0: all), in file order, as grove-peer-bench picks them.
TypeIndices indices_by_type(const QuerySet& set, size_t cap);

struct MeasureLabel {
  std::string engine;  // "grove-rpc", "grove-inproc"
  std::string corpus;
};

struct Measured {
  std::vector<ResultLine> results;  // one per type, then "all"
  std::vector<int32_t> hits;        // per query index of the set; -1 when not run
};

Result<Measured> measure_queries(BenchRunner& runner, const TypeIndices& types,
                                 const MeasureLabel& label, size_t set_size);

// The RESULT line of `r` followed by " load1=X".
std::string result_line_with_load(const ResultLine& r);

}  // namespace grove::perf
