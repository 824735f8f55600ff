#include "perf/node/query_bench.h"

#include <algorithm>
#include <cstdio>

#include "perf/node/system_stats.h"

namespace grove::perf {

namespace {

void append(RunResult& all, const RunResult& part) {
  all.latencies_ns.insert(all.latencies_ns.end(), part.latencies_ns.begin(),
                          part.latencies_ns.end());
  all.hits.insert(all.hits.end(), part.hits.begin(), part.hits.end());
  all.wall_seconds += part.wall_seconds;
}

ResultLine report(const MeasureLabel& label, size_t threads, const std::string& type,
                  const RunResult& run) {
  ResultLine line{.engine = label.engine,
                  .corpus = label.corpus,
                  .threads = static_cast<int>(threads),
                  .type = type,
                  .latency = summarize(run.latencies_ns, run.wall_seconds),
                  .avg_hits = run.avg_hits(),
                  .zero_hit = run.zero_hit()};
  std::printf("%s\n%s\n", format_human_line(line).c_str(), result_line_with_load(line).c_str());
  std::fflush(stdout);
  return line;
}

}  // namespace

TypeIndices indices_by_type(const QuerySet& set, size_t cap) {
  TypeIndices out;
  for (const std::string& type : set.types()) out.emplace_back(type, std::vector<uint32_t>());
  for (uint32_t i = 0; i < set.queries.size(); ++i) {
    std::string type = set.queries[i].type();
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == type; });
    if (cap == 0 || it->second.size() < cap) it->second.push_back(i);
  }
  return out;
}

Result<Measured> measure_queries(BenchRunner& runner, const TypeIndices& types,
                                 const MeasureLabel& label, size_t set_size) {
  std::vector<uint32_t> everything;
  for (const auto& [type, indices] : types) {
    everything.insert(everything.end(), indices.begin(), indices.end());
  }
  GROVE_RETURN_IF_ERROR(runner.run(everything).status());  // warm-up
  Measured out;
  out.hits.assign(set_size, -1);
  RunResult all;
  for (const auto& [type, indices] : types) {
    GROVE_ASSIGN_OR_RETURN(RunResult run, runner.run(indices));
    for (size_t k = 0; k < indices.size(); ++k) out.hits[indices[k]] = static_cast<int32_t>(run.hits[k]);
    out.results.push_back(report(label, runner.threads(), type, run));
    append(all, run);
  }
  out.results.push_back(report(label, runner.threads(), "all", all));
  return out;
}

std::string result_line_with_load(const ResultLine& r) {
  std::string load = load_average();
  return format_result_line(r) + " load1=" + load.substr(0, load.find(' '));
}

}  // namespace grove::perf
