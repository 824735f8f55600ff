#pragma once

// The figures of one load run, printed the way every perf program prints them
// (perf/common/bench_report.h): per query type and for all types, a human line and a RESULT line
// with engine=grove-cluster, then the errors, the container overhead and the CPU per query.
//
//   RESULT engine=grove-cluster corpus=gcide threads=8 type=all queries=8000 qps=812.3 ...
//          layout=gcide-grouped ranking=default errors=0 overhead_p50_us=310.2
//          overhead_p99_us=990.1 load1=1.52                                  (one line)
//   CPU engine=grove-cluster layout=gcide-grouped ranking=default threads=1 queries=8000
//       cluster_ms_per_query=1.210 container_ms_per_query=0.402 content_ms_per_query=0.808
//       client_ms_per_query=0.150 load1=1.52                               (one line)
//
// Per type, the queries of the type were mixed with the others; its qps is what `threads`
// clients would sustain on that type alone at the measured latencies (threads · count / sum of
// latencies). The "all" line uses the real wall time of the run.
//
// Usage:
//   RunLabel label{.corpus = "gcide", .layout = "flat-4", .ranking = "rerank", .threads = 1};
//   print_report(label, run, request_types);
//
// Pure functions (they print to stdout); call from one thread.

#include <string>
#include <vector>

#include "perf/cluster/load_generator.h"

namespace grove::perf {

struct RunLabel {
  std::string corpus;
  std::string layout;
  std::string ranking;
  int threads = 1;
};

struct ErrorCounts {
  uint64_t http = 0;       // non-200
  uint64_t partial = 0;    // coverage full=false or error entries
  uint64_t bad_body = 0;   // not a search result
  uint64_t transport = 0;  // no answer
  uint64_t total() const { return http + partial + bad_body + transport; }
};

ErrorCounts count_errors(const std::vector<Sample>& samples);

// Prints the whole report of `run`; `request_types[i]` is the query type of request i.
void print_report(const RunLabel& label, const LoadRun& run,
                  const std::vector<std::string>& request_types);

}  // namespace grove::perf
