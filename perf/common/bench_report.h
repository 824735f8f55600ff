#pragma once

// Latency summaries and the machine-readable RESULT/LOAD lines every perf program prints, so that
// perf/node-bench can read the peers' figures and print Grove's QPS divided by each peer's.
//
//   RESULT engine=xapian corpus=gcide threads=1 type=and2 queries=1000 qps=5321.7 p50_us=160.2
//          p99_us=820.4 mean_us=187.9 avg_hits=9.61 zero_hit=3      (one line)
//   LOAD engine=xapian corpus=gcide docs=126236 seconds=41.2 docs_per_s=3064 optimize_s=3.1
//        index_bytes=123456789 bytes_per_doc=978                    (one line)
//
// Values are key=value pairs separated by single spaces; values never contain spaces.
//
// Usage:
//   LatencySummary s = summarize(std::move(latencies_ns), wall_seconds);
//   std::puts(format_result_line({.engine = "xapian", ..., .latency = s}).c_str());
//
// Pure functions; thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::perf {

struct LatencySummary {
  uint64_t count = 0;
  double wall_seconds = 0;
  double qps = 0;  // count / wall_seconds, over all threads
  double p50_us = 0;
  double p99_us = 0;
  double mean_us = 0;
  double max_us = 0;
};

// Summarizes per-query latencies (nanoseconds) measured during `wall_seconds` of wall time.
// Percentiles use the nearest-rank method.
LatencySummary summarize(std::vector<int64_t> latencies_ns, double wall_seconds);

struct ResultLine {
  std::string engine;  // "xapian", "fts5", "grove", ...
  std::string corpus;  // "gcide", "kjv", ...
  int threads = 1;
  std::string type;  // a query type, or "all"
  LatencySummary latency;
  double avg_hits = 0;    // hits returned per query (at most 10)
  uint64_t zero_hit = 0;  // queries that returned nothing
};

std::string format_result_line(const ResultLine& r);

// The same figures for people: "xapian gcide threads=1 and2   1000 queries  12560.3 qps  p50 ...".
std::string format_human_line(const ResultLine& r);

// Parses a line written by format_result_line (other keys are ignored). InvalidArgument when
// the line is not a RESULT line or misses engine, type or qps.
Result<ResultLine> parse_result_line(std::string_view line);

// The key=value pairs after the first word of a RESULT or LOAD line.
std::map<std::string, std::string> parse_key_values(std::string_view line);

}  // namespace grove::perf
