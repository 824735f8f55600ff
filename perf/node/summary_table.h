#pragma once

// The node benchmark's summary: a QPS table over every engine's RESULT lines (Grove in process,
// Grove over RPC, Xapian, FTS5), per query type and thread count, with the ratios that say how
// Grove compares, and a list of headline figures (feed, start-up, memory, disk).
//
//   type          thr  grove-inproc  grove-local  grove-rpc   xapian     fts5  rpc/xapian  rpc/fts5  inproc/xapian
//   and2            1       10234.5     8123.4  12440.3   4510.1        0.65      1.80           0.82
//
// Pure functions (printing to stdout); thread-safe as far as stdout is.

#include <optional>
#include <string>
#include <vector>

#include "perf/common/bench_report.h"

namespace grove::perf {

// The QPS of (engine, threads, type), if such a RESULT line is among `results`.
std::optional<double> qps_of(const std::vector<ResultLine>& results, const std::string& engine,
                             int threads, const std::string& type);

// Prints the table for `types` (include "all" for the pooled row) and `threads`.
void print_qps_table(const std::vector<ResultLine>& results, const std::vector<std::string>& types,
                     const std::vector<int>& threads);

struct Headline {
  std::string label;
  std::string value;
};

// One aligned "label  value" line per headline.
void print_headlines(const std::vector<Headline>& headlines);

}  // namespace grove::perf
