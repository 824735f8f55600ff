// grove-cluster-bench: an HTTP load generator for the /search/ API of a running Grove cluster
// (see perf/cluster/docs/cluster-bench.md; perf/cluster-bench starts the clusters and runs it).
//
//   grove-cluster-bench --endpoint http://127.0.0.1:19480 --queries var/perf/cluster/gcide.queries
//       [--clients 1] [--max-queries N] [--warmup 500] [--ranking default] [--type and2,or3]
//       [--cluster-json DIR/cluster.json | --pids PID,... --container-pid PID,...]
//       [--layout NAME] [--select "*"] [--text-field text] [--timeout-ms 30000] [--idle-ms 2000]
//
// Prints figures and asserts nothing. Exit code 1 when the run cannot start (bad flags, an
// unreadable query set, no connection); failed queries are counted and printed, not fatal.

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "perf/cluster/cluster_report.h"
#include "perf/cluster/load_generator.h"
#include "perf/cluster/search_target.h"
#include "perf/common/query_set.h"
#include "services/base/flags.h"
#include "services/base/logging.h"

namespace grove::perf {
namespace {

constexpr const char* kUsage =
    "usage: grove-cluster-bench --endpoint http://127.0.0.1:PORT --queries FILE [--clients N]\n"
    "           [--max-queries N] [--warmup N] [--ranking PROFILE] [--type T[,T...]]\n"
    "           [--cluster-json DIR/cluster.json] [--pids PID,...] [--container-pid PID,...]\n"
    "           [--layout NAME] [--select FIELDS] [--text-field F] [--timeout-ms MS]\n"
    "           [--idle-ms MS]\n";

struct BenchOptions {
  LoadOptions load;
  std::string queries_path;
  std::vector<std::string> types;  // empty: every type
  size_t max_queries = 0;          // 0: all
  SearchTarget target;
  ClusterPids pids;
  std::string layout;
};

// The queries of the wanted types, interleaved (the i-th of every type, then the (i+1)-th, ...),
// so that any prefix of the run holds every type in the same proportion.
std::vector<const Query*> interleaved(const QuerySet& set, const std::vector<std::string>& types) {
  std::vector<std::vector<const Query*>> per_type;
  std::vector<std::string> names;
  for (const Query& q : set.queries) {
    std::string type = q.type();
    if (!types.empty() && std::find(types.begin(), types.end(), type) == types.end()) continue;
    auto it = std::find(names.begin(), names.end(), type);
    if (it == names.end()) {
      names.push_back(type);
      per_type.emplace_back();
      it = names.end() - 1;
    }
    per_type[static_cast<size_t>(it - names.begin())].push_back(&q);
  }
  std::vector<const Query*> out;
  for (size_t round = 0, added = 1; added > 0; ++round) {
    added = 0;
    for (const auto& queries : per_type) {
      if (round >= queries.size()) continue;
      out.push_back(queries[round]);
      ++added;
    }
  }
  return out;
}

Status read_pids(const Flags& flags, ClusterPids& pids) {
  if (flags.has("cluster-json")) {
    GROVE_ASSIGN_OR_RETURN(pids, read_cluster_pids(flags.get("cluster-json")));
  }
  if (flags.has("pids")) {
    GROVE_ASSIGN_OR_RETURN(pids.content, parse_pid_list(flags.get_list("pids")));
  }
  if (flags.has("container-pid")) {
    GROVE_ASSIGN_OR_RETURN(pids.container, parse_pid_list(flags.get_list("container-pid")));
  }
  return Status::Ok();
}

Result<BenchOptions> options_from(const Flags& flags) {
  BenchOptions o;
  if (!flags.has("endpoint") || !flags.has("queries")) {
    return Status::InvalidArgument("--endpoint and --queries are needed");
  }
  GROVE_ASSIGN_OR_RETURN(o.load.endpoint, parse_endpoint(flags.get("endpoint")));
  o.queries_path = flags.get("queries");
  GROVE_ASSIGN_OR_RETURN(int64_t clients, flags.get_int("clients", 1));
  GROVE_ASSIGN_OR_RETURN(int64_t max_queries, flags.get_int("max-queries", 0));
  GROVE_ASSIGN_OR_RETURN(int64_t warmup, flags.get_int("warmup", 500));
  GROVE_ASSIGN_OR_RETURN(int64_t timeout_ms, flags.get_int("timeout-ms", 30000));
  GROVE_ASSIGN_OR_RETURN(int64_t idle_ms, flags.get_int("idle-ms", 2000));
  if (clients < 1 || clients > 256) return Status::InvalidArgument("--clients is 1..256");
  if (max_queries < 0 || warmup < 0 || idle_ms < 0 || timeout_ms < 1) {
    return Status::InvalidArgument(
        "--max-queries, --warmup and --idle-ms are >= 0, --timeout-ms > 0");
  }
  o.load.clients = static_cast<int>(clients);
  o.load.warmup = static_cast<size_t>(warmup);
  o.load.timeout = std::chrono::milliseconds(timeout_ms);
  o.load.idle_sample = std::chrono::milliseconds(idle_ms);
  o.max_queries = static_cast<size_t>(max_queries);
  o.types = flags.get_list("type");
  o.target.ranking = flags.get("ranking", "default");
  o.target.select = flags.get("select", "*");
  o.target.text_field = flags.get("text-field", "text");
  o.layout = flags.get("layout", "cluster");
  GROVE_RETURN_IF_ERROR(read_pids(flags, o.pids));
  return o;
}

// "gcide" from the query set's "# corpus=gcide.jsonl" header line.
std::string corpus_name(const QuerySet& set) {
  std::string corpus = set.header_value("corpus").value_or("corpus");
  return std::filesystem::path(corpus).stem().string();
}

Status run_bench(const BenchOptions& o) {
  GROVE_ASSIGN_OR_RETURN(QuerySet set, read_query_set(o.queries_path));
  std::vector<const Query*> queries = interleaved(set, o.types);
  if (o.max_queries > 0 && queries.size() > o.max_queries) queries.resize(o.max_queries);
  if (queries.empty()) return Status::InvalidArgument("no queries of the wanted types");
  std::vector<std::string> targets;
  std::vector<std::string> types;
  for (const Query* q : queries) {
    targets.push_back(search_target(*q, o.target));
    types.push_back(q->type());
  }
  std::printf("grove-cluster-bench: %zu queries (+%zu warm-up) on %s:%u, %d client(s), "
              "ranking=%s, layout=%s\n  first: %s\n",
              targets.size(), std::min(o.load.warmup, targets.size()),
              o.load.endpoint.host.c_str(), o.load.endpoint.port, o.load.clients,
              o.target.ranking.c_str(), o.layout.c_str(), targets.front().c_str());
  std::fflush(stdout);
  GROVE_ASSIGN_OR_RETURN(LoadRun run, run_load(targets, o.load, o.pids));
  RunLabel label{.corpus = corpus_name(set),
                 .layout = o.layout,
                 .ranking = o.target.ranking,
                 .threads = o.load.clients};
  print_report(label, run, types);
  return Status::Ok();
}

Status run(int argc, char** argv) {
  GROVE_ASSIGN_OR_RETURN(
      Flags flags,
      Flags::parse(argc - 1, argv + 1,
                   {.with_value = {"endpoint", "queries", "clients", "max-queries", "warmup", "ranking", "type",
                    "cluster-json", "pids", "container-pid", "layout", "select", "text-field",
                    "timeout-ms", "idle-ms"}}));
  if (flags.help()) {
    std::fputs(kUsage, stdout);
    return Status::Ok();
  }
  Result<BenchOptions> options = options_from(flags);
  if (!options.ok()) {
    std::fputs(kUsage, stderr);
    return options.status();
  }
  return run_bench(*options);
}

}  // namespace
}  // namespace grove::perf

int main(int argc, char** argv) {
  grove::init_logging("grove-cluster-bench", "info");
  grove::Status status = grove::perf::run(argc, argv);
  if (!status.ok()) {
    std::fflush(stdout);
    std::fprintf(stderr, "grove-cluster-bench: %s\n", status.to_string().c_str());
    return 1;
  }
  return 0;
}
