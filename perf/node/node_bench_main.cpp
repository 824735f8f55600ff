// grove-node-bench: one grove-content node fed and queried, side by side with Xapian and SQLite
// FTS5 (see perf/node/docs/node-bench.md; perf/node-bench runs it with everything it needs).
//
//   grove-node-bench --corpus var/corpus/gcide.jsonl --queries var/perf/node/gcide.queries
//       [--app schemas/gcide] [--rank-profile bm25] [--filter-field length]
//       [--workdir var/perf/node/gcide] [--bin-dir DIR] [--feed-threads 16] [--feed-batch 16] [--threads 1,2]
//       [--max-per-type 1000] [--sample 100] [--peers xapian,fts5] [--stemming none|schema]
//
// Prints figures and asserts nothing. Exit code 1 when a step fails (the node is stopped).

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "perf/node/node_bench.h"
#include "services/base/flags.h"
#include "services/base/logging.h"

namespace grove::perf {
namespace {

constexpr const char* kUsage =
    "usage: grove-node-bench --corpus FILE.jsonl --queries FILE [--app DIR] [--rank-profile P]\n"
    "           [--filter-field F] [--workdir DIR] [--bin-dir DIR] [--feed-threads N] [--feed-batch N]\n"
    "           [--threads 1,2] [--max-per-type N] [--sample N] [--peers xapian,fts5]\n"
    "           [--stemming none|schema]\n";

std::string own_directory() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

Status set_threads(const Flags& flags, NodeBenchOptions& o) {
  if (!flags.has("threads")) return Status::Ok();
  o.threads.clear();
  for (const std::string& t : flags.get_list("threads")) {
    int n = std::atoi(t.c_str());
    if (n < 1 || n > 64) return Status::InvalidArgument(fmt::format("bad thread count '{}'", t));
    o.threads.push_back(n);
  }
  return o.threads.empty() ? Status::InvalidArgument("--threads is empty") : Status::Ok();
}

Result<NodeBenchOptions> options_from(const Flags& flags) {
  NodeBenchOptions o;
  o.corpus_path = flags.get("corpus");
  o.queries_path = flags.get("queries");
  if (o.corpus_path.empty() || o.queries_path.empty()) {
    return Status::InvalidArgument("--corpus and --queries are needed");
  }
  o.corpus_name = std::filesystem::path(o.corpus_path).stem().string();
  o.app_dir = flags.get("app", "schemas/" + o.corpus_name);
  o.rank_profile = flags.get("rank-profile", o.corpus_name == "gcide" ? "bm25" : "default");
  o.filter_field = flags.get("filter-field");
  o.stemming = flags.get("stemming", "none");
  if (o.stemming != "none" && o.stemming != "schema") {
    return Status::InvalidArgument("--stemming is none or schema");
  }
  o.workdir = flags.get("workdir", "var/perf/node/" + o.corpus_name);
  o.bin_dir = flags.get("bin-dir", own_directory());
  GROVE_ASSIGN_OR_RETURN(int64_t feed_threads, flags.get_int("feed-threads", 16));
  GROVE_ASSIGN_OR_RETURN(int64_t feed_batch, flags.get_int("feed-batch", 16));
  GROVE_ASSIGN_OR_RETURN(int64_t max_per_type, flags.get_int("max-per-type", 1000));
  GROVE_ASSIGN_OR_RETURN(int64_t sample, flags.get_int("sample", 100));
  if (feed_threads < 1 || feed_threads > 1024) return Status::InvalidArgument("--feed-threads is 1..1024");
  o.feed_threads = static_cast<int>(feed_threads);
  if (feed_batch < 1 || feed_batch > 4096) return Status::InvalidArgument("--feed-batch is 1..4096");
  o.feed_batch = static_cast<int>(feed_batch);
  o.max_per_type = static_cast<size_t>(std::max<int64_t>(0, max_per_type));
  o.sample = static_cast<size_t>(std::max<int64_t>(0, sample));
  if (flags.has("peers")) o.peers = flags.get_list("peers");
  GROVE_RETURN_IF_ERROR(set_threads(flags, o));
  return o;
}

Status run(int argc, char** argv) {
  GROVE_ASSIGN_OR_RETURN(
      Flags flags,
      Flags::parse(argc - 1, argv + 1,
                   {.with_value = {"corpus", "queries", "app", "rank-profile", "filter-field", "workdir",
                    "bin-dir", "feed-threads", "feed-batch", "threads", "max-per-type", "sample", "peers",
                    "stemming"}}));
  if (flags.help()) {
    std::fputs(kUsage, stdout);
    return Status::Ok();
  }
  Result<NodeBenchOptions> options = options_from(flags);
  if (!options.ok()) {
    std::fputs(kUsage, stderr);
    return options.status();
  }
  std::error_code ec;
  std::filesystem::remove_all(options->workdir, ec);
  std::filesystem::create_directories(options->workdir, ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot create: {}", options->workdir, ec.message()));
  NodeBench bench(std::move(options).value());
  return bench.run();
}

}  // namespace
}  // namespace grove::perf

int main(int argc, char** argv) {
  grove::init_logging("grove-node-bench", "info");
  grove::Status status = grove::perf::run(argc, argv);
  if (!status.ok()) {
    std::fflush(stdout);
    std::fprintf(stderr, "grove-node-bench: %s\n", status.to_string().c_str());
    return 1;
  }
  return 0;
}
