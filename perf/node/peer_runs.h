#pragma once

// Runs grove-peer-bench (perf/peers) as a child process for one peer engine, the way
// perf/peer-bench.sh does, and reads back its LOAD and RESULT lines and, optionally, the hits
// it dumped with --dump-hits. grove-peer-bench always loads its index afresh (it has no reuse
// option), so every run includes the load.
//
// Usage:
//   PeerRunOptions o{.binary = "build/bin/grove-peer-bench", .corpus = ..., .queries = ...,
//                    .workdir = "var/perf/node/gcide-xapian", .log_path = ".../xapian.log"};
//   GROVE_ASSIGN_OR_RETURN(PeerRun run, run_peer_bench("xapian", o));
//
// Blocking; call from one thread.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "perf/common/bench_report.h"
#include "services/base/result.h"

namespace grove::perf {

struct PeerRunOptions {
  std::string binary;  // grove-peer-bench
  std::string corpus;  // the JSONL file
  std::string queries;
  std::string workdir;       // the engine's index lives under it
  std::string filter_field;  // "" for none
  std::string threads = "1,2";
  size_t max_per_type = 0;  // 0: all
  std::string log_path;     // its output
  std::string dump_hits;    // "" for none
  std::chrono::seconds timeout{1200};
};

struct PeerLoad {
  uint64_t docs = 0;
  double seconds = 0;
  double docs_per_second = 0;
  uint64_t index_bytes = 0;
  double bytes_per_doc = 0;
};

struct PeerRun {
  std::string engine;
  std::optional<PeerLoad> load;
  std::vector<ResultLine> results;
};

// Internal (with the log's last lines) when the tool fails or runs past the timeout.
Result<PeerRun> run_peer_bench(const std::string& engine, const PeerRunOptions& options);

// The LOAD and RESULT lines of grove-peer-bench's output.
PeerRun parse_peer_output(const std::string& engine, std::string_view text);

// A --dump-hits file: per query line, in file order, the corpus ordinals of the hits.
Result<std::vector<std::vector<uint64_t>>> read_dump_hits(const std::string& path);

}  // namespace grove::perf
