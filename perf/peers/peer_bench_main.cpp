// grove-peer-bench: loads a corpus into a peer engine (Xapian or SQLite FTS5) and runs a query
// set against it, printing human-readable figures and machine-readable LOAD and RESULT lines
// (perf/common/bench_report.h) that perf/node-bench compares Grove with.
//
//   grove-peer-bench --corpus var/corpus/gcide.jsonl --queries var/perf/gcide.queries
//       --engine xapian|fts5|none --workdir var/perf/peers [--threads 1,2]
//       [--text-field text] [--filter-field length] [--max-per-type N] [--dump-hits FILE]
//       [--xapian-text split|raw]
//
// --engine none only reads and checks the query file. The numeric fields stored are those the
// queries filter or sort on, plus --filter-field. For each thread count: one warm-up pass over
// the whole set, then each query type on its own, every query once. --dump-hits writes, before
// measuring, one line per query: the query line, a TAB, and the corpus ordinals of its hits in
// rank order, so that the answers of two engines (or of Grove) can be compared with diff.
// --xapian-text raw gives Xapian's TermGenerator the text as it is (see EngineSetup).

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "perf/common/bench_report.h"
#include "perf/common/corpus_reader.h"
#include "perf/common/query_set.h"
#include "perf/peers/bench_runner.h"
#include "perf/peers/peer_engine.h"
#include "services/base/flags.h"

namespace grove::perf {
namespace {

constexpr const char* kUsage =
    "usage: grove-peer-bench --corpus FILE.jsonl --queries FILE --engine xapian|fts5|none\n"
    "           --workdir DIR [--threads 1|2|1,2] [--text-field text] [--filter-field FIELD]\n"
    "           [--max-per-type N] [--dump-hits FILE]\n"
    "           [--xapian-text split|raw]\n";

struct Options {
  std::string corpus;
  std::string corpus_name;  // "gcide" for var/corpus/gcide.jsonl
  std::string queries;
  std::string engine;
  std::string workdir;
  std::string text_field;
  std::string filter_field;
  std::string dump_hits;
  bool xapian_split_punctuation = true;
  std::vector<int> threads;
  size_t max_per_type = 0;  // 0: all
};

Result<Options> options_from(const Flags& flags) {
  Options o;
  o.corpus = flags.get("corpus");
  o.corpus_name = std::filesystem::path(o.corpus).stem().string();
  o.queries = flags.get("queries");
  o.engine = flags.get("engine");
  o.workdir = flags.get("workdir");
  o.text_field = flags.get("text-field", "text");
  o.filter_field = flags.get("filter-field");
  o.dump_hits = flags.get("dump-hits");
  const std::string xapian_text = flags.get("xapian-text", "split");
  if (xapian_text != "split" && xapian_text != "raw") {
    return Status::InvalidArgument("--xapian-text is split or raw");
  }
  o.xapian_split_punctuation = xapian_text == "split";
  GROVE_ASSIGN_OR_RETURN(int64_t max_per_type, flags.get_int("max-per-type", 0));
  o.max_per_type = static_cast<size_t>(std::max<int64_t>(0, max_per_type));
  for (const std::string& t : flags.get_list("threads")) {
    int n = std::atoi(t.c_str());
    if (n < 1 || n > 64) return Status::InvalidArgument(fmt::format("bad thread count '{}'", t));
    o.threads.push_back(n);
  }
  if (o.threads.empty()) o.threads.push_back(1);
  if (o.queries.empty() || o.engine.empty()) {
    return Status::InvalidArgument("--queries and --engine are needed");
  }
  if (o.engine != "none" && (o.corpus.empty() || o.workdir.empty())) {
    return Status::InvalidArgument("--corpus and --workdir are needed");
  }
  return o;
}

// The indices of each query type, in order of first appearance, at most `cap` each (0: all).
std::vector<std::pair<std::string, std::vector<uint32_t>>> by_type(const QuerySet& set,
                                                                   size_t cap) {
  std::vector<std::pair<std::string, std::vector<uint32_t>>> out;
  for (const std::string& type : set.types()) out.emplace_back(type, std::vector<uint32_t>());
  for (uint32_t i = 0; i < set.queries.size(); ++i) {
    std::string type = set.queries[i].type();
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == type; });
    if (cap == 0 || it->second.size() < cap) it->second.push_back(i);
  }
  return out;
}

void print_validation(const Options& o, const QuerySet& set) {
  std::printf("%s: %zu queries, valid\n", o.queries.c_str(), set.queries.size());
  for (const auto& [type, indices] : by_type(set, 0)) {
    std::printf("  %-14s %zu\n", type.c_str(), indices.size());
  }
  std::vector<std::string> fields = set.numeric_fields();
  std::printf("  numeric fields: %s\n",
              fields.empty() ? "-" : fmt::format("{}", fmt::join(fields, ",")).c_str());
}

Result<LoadStats> load(const Options& o, PeerEngine& engine, const CorpusFields& fields) {
  GROVE_ASSIGN_OR_RETURN(auto reader, CorpusReader::open(o.corpus, fields));
  std::printf("%s %s: loading %s ...\n", o.engine.c_str(), o.corpus_name.c_str(), o.corpus.c_str());
  std::fflush(stdout);
  GROVE_ASSIGN_OR_RETURN(LoadStats stats, engine.load(*reader));
  const double docs = static_cast<double>(std::max<uint64_t>(1, stats.docs));
  std::printf(
      "%s %s: loaded %llu docs in %.1f s (%.0f docs/s), optimized in %.1f s; index %.1f MB on "
      "disk (%.0f bytes/doc, stored text included)\n",
      o.engine.c_str(), o.corpus_name.c_str(), static_cast<unsigned long long>(stats.docs),
      stats.load_seconds, docs / stats.load_seconds, stats.optimize_seconds,
      static_cast<double>(stats.index_bytes) / 1e6, static_cast<double>(stats.index_bytes) / docs);
  std::printf(
      "LOAD engine=%s corpus=%s docs=%llu seconds=%.2f docs_per_s=%.0f optimize_s=%.2f "
      "index_bytes=%llu bytes_per_doc=%.0f\n",
      o.engine.c_str(), o.corpus_name.c_str(), static_cast<unsigned long long>(stats.docs),
      stats.load_seconds, docs / stats.load_seconds, stats.optimize_seconds,
      static_cast<unsigned long long>(stats.index_bytes),
      static_cast<double>(stats.index_bytes) / docs);
  return stats;
}

void report(const Options& o, int threads, const std::string& type, const RunResult& run) {
  ResultLine line{.engine = o.engine,
                  .corpus = o.corpus_name,
                  .threads = threads,
                  .type = type,
                  .latency = summarize(run.latencies_ns, run.wall_seconds),
                  .avg_hits = run.avg_hits(),
                  .zero_hit = run.zero_hit()};
  std::printf("%s\n", format_human_line(line).c_str());
  std::printf("%s\n", format_result_line(line).c_str());
  std::fflush(stdout);
}

Status dump_hits(const Options& o, PeerEngine& engine, const QuerySet& set) {
  GROVE_ASSIGN_OR_RETURN(auto searcher, engine.open_searcher(set.queries));
  std::FILE* out = std::fopen(o.dump_hits.c_str(), "w");
  if (out == nullptr) return Status::IoError(fmt::format("{}: cannot write", o.dump_hits));
  for (size_t i = 0; i < set.queries.size(); ++i) {
    Result<std::vector<uint64_t>> hits = searcher->hits(i);
    if (!hits.ok()) {
      std::fclose(out);
      return hits.status();
    }
    fmt::print(out, "{}\t{}\n", format_query(set.queries[i]), fmt::join(*hits, " "));
  }
  return std::fclose(out) == 0 ? Status::Ok() : Status::IoError(o.dump_hits + ": write failed");
}

// Appends `part` to `all`.
void merge(RunResult& all, const RunResult& part) {
  all.latencies_ns.insert(all.latencies_ns.end(), part.latencies_ns.begin(),
                          part.latencies_ns.end());
  all.hits.insert(all.hits.end(), part.hits.begin(), part.hits.end());
  all.wall_seconds += part.wall_seconds;
}

Status measure(const Options& o, PeerEngine& engine, const QuerySet& set, int threads) {
  std::vector<std::unique_ptr<PeerSearcher>> searchers;
  for (int t = 0; t < threads; ++t) {
    GROVE_ASSIGN_OR_RETURN(auto searcher, engine.open_searcher(set.queries));
    searchers.push_back(std::move(searcher));
  }
  BenchRunner runner(std::move(searchers));
  auto types = by_type(set, o.max_per_type);
  std::vector<uint32_t> everything;
  for (const auto& [type, indices] : types) {
    everything.insert(everything.end(), indices.begin(), indices.end());
  }
  GROVE_RETURN_IF_ERROR(runner.run(everything).status());  // warm-up
  RunResult all;
  for (const auto& [type, indices] : types) {
    GROVE_ASSIGN_OR_RETURN(RunResult run, runner.run(indices));
    report(o, threads, type, run);
    merge(all, run);
  }
  report(o, threads, "all", all);
  return Status::Ok();
}

Status run(int argc, char** argv) {
  GROVE_ASSIGN_OR_RETURN(
      Flags flags, Flags::parse(argc - 1, argv + 1,
                                {.with_value = {"corpus", "queries", "engine", "workdir", "threads", "text-field",
                                 "filter-field", "max-per-type", "dump-hits", "xapian-text"}}));
  if (flags.help()) {
    std::fputs(kUsage, stdout);
    return Status::Ok();
  }
  Result<Options> options = options_from(flags);
  if (!options.ok()) {
    std::fputs(kUsage, stderr);
    return options.status();
  }
  const Options& o = *options;
  GROVE_ASSIGN_OR_RETURN(QuerySet set, read_query_set(o.queries));
  if (o.engine == "none") {
    print_validation(o, set);
    return Status::Ok();
  }
  CorpusFields fields{.text = {o.text_field}, .numeric = set.numeric_fields()};
  if (!o.filter_field.empty() && std::find(fields.numeric.begin(), fields.numeric.end(),
                                           o.filter_field) == fields.numeric.end()) {
    fields.numeric.push_back(o.filter_field);
  }
  EngineSetup setup{.workdir = o.workdir,
                    .numeric_fields = fields.numeric,
                    .xapian_split_punctuation = o.xapian_split_punctuation};
  GROVE_ASSIGN_OR_RETURN(auto engine, make_peer_engine(o.engine, setup));
  GROVE_RETURN_IF_ERROR(load(o, *engine, fields).status());
  if (!o.dump_hits.empty()) GROVE_RETURN_IF_ERROR(dump_hits(o, *engine, set));
  for (int threads : o.threads) GROVE_RETURN_IF_ERROR(measure(o, *engine, set, threads));
  return Status::Ok();
}

}  // namespace
}  // namespace grove::perf

int main(int argc, char** argv) {
  grove::Status status = grove::perf::run(argc, argv);
  if (!status.ok()) {
    std::fprintf(stderr, "grove-peer-bench: %s\n", status.to_string().c_str());
    return 1;
  }
  return 0;
}
