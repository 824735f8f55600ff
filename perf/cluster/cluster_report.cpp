#include "perf/cluster/cluster_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <map>

#include "perf/common/bench_report.h"

namespace grove::perf {

namespace {

// The samples of one query type (or of all), split the way the summaries need them.
struct TypeSamples {
  std::vector<int64_t> ok_latencies_ns;
  std::vector<int64_t> overheads_ns;
  std::array<std::vector<int64_t>, 5> trace_ns;  // per Sample::trace_ms entry, where present
  uint64_t hits = 0;
  uint64_t zero_hit = 0;
  ErrorCounts errors;

  void add(const Sample& s) {
    switch (s.outcome) {
      case Outcome::kOk: break;
      case Outcome::kHttpError: ++errors.http; return;
      case Outcome::kPartial: ++errors.partial; return;
      case Outcome::kBadBody: ++errors.bad_body; return;
      case Outcome::kTransport: ++errors.transport; return;
    }
    ok_latencies_ns.push_back(s.latency_ns);
    if (s.traced) overheads_ns.push_back(s.overhead_ns);
    for (size_t i = 0; i < s.trace_ms.size(); ++i) {
      if (s.trace_ms[i] >= 0) trace_ns[i].push_back(static_cast<int64_t>(s.trace_ms[i] * 1e6));
    }
    hits += s.hits;
    zero_hit += s.hits == 0 ? 1 : 0;
  }
};

std::string load1() {
  std::ifstream in("/proc/loadavg");
  std::string first;
  return in >> first ? first : "?";
}

double percentile_us(std::vector<int64_t> values_ns, double p) {
  if (values_ns.empty()) return 0;
  std::sort(values_ns.begin(), values_ns.end());
  size_t rank = static_cast<size_t>(p * static_cast<double>(values_ns.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, values_ns.size());
  return static_cast<double>(values_ns[rank - 1]) / 1000.0;
}

// The wall time `threads` clients would need for these latencies back to back.
double busy_seconds(const std::vector<int64_t>& latencies_ns, int threads) {
  double total_ns = 0;
  for (int64_t ns : latencies_ns) total_ns += static_cast<double>(ns);
  return total_ns / 1e9 / std::max(threads, 1);
}

void print_type(const RunLabel& label, const std::string& type, const TypeSamples& t,
                double wall_seconds) {
  ResultLine line{.engine = "grove-cluster",
                  .corpus = label.corpus,
                  .threads = label.threads,
                  .type = type,
                  .latency = summarize(t.ok_latencies_ns, wall_seconds)};
  size_t ok = t.ok_latencies_ns.size();
  line.avg_hits = ok == 0 ? 0 : static_cast<double>(t.hits) / static_cast<double>(ok);
  line.zero_hit = t.zero_hit;
  std::string overhead = t.overheads_ns.empty()
                             ? std::string(" overhead=n/a")
                             : fmt::format(" overhead_p50_us={:.1f} overhead_p99_us={:.1f}",
                                           percentile_us(t.overheads_ns, 0.50),
                                           percentile_us(t.overheads_ns, 0.99));
  std::printf("%s  errors %llu\n", format_human_line(line).c_str(),
              static_cast<unsigned long long>(t.errors.total()));
  std::printf("%s layout=%s ranking=%s errors=%llu%s load1=%s\n",
              format_result_line(line).c_str(), label.layout.c_str(), label.ranking.c_str(),
              static_cast<unsigned long long>(t.errors.total()), overhead.c_str(),
              load1().c_str());
}

void print_overhead(const TypeSamples& all, size_t samples) {
  if (all.overheads_ns.empty()) {
    std::printf("container overhead: overhead n/a (the results carry no root.trace.nodes[].search_ms)\n");
    return;
  }
  std::printf(
      "container overhead (end-to-end latency minus the slowest node's search_ms): p50 %.1f us, "
      "p99 %.1f us (over the %zu of %zu answers with a trace)\n",
      percentile_us(all.overheads_ns, 0.50), percentile_us(all.overheads_ns, 0.99),
      all.overheads_ns.size(), samples);
}

// The medians of the container's phases, next to the end-to-end median.
void print_phases(const TypeSamples& all) {
  auto median = [&](size_t i) {
    return all.trace_ns[i].empty() ? std::string("n/a")
                                   : fmt::format("{:.1f}", percentile_us(all.trace_ns[i], 0.5));
  };
  std::printf(
      "medians (us): end-to-end %.1f; container total %s = term stats %s + scatter/gather %s "
      "(slowest node's own search %s) + fill %s + the rest\n",
      percentile_us(all.ok_latencies_ns, 0.5), median(4).c_str(), median(1).c_str(),
      median(2).c_str(), median(0).c_str(), median(3).c_str());
}

void print_errors(const ErrorCounts& e, size_t samples, const std::string& first_error) {
  std::printf(
      "errors: %llu of %zu (non-200 %llu, coverage not full %llu, not a result %llu, no answer "
      "%llu)\n",
      static_cast<unsigned long long>(e.total()), samples,
      static_cast<unsigned long long>(e.http), static_cast<unsigned long long>(e.partial),
      static_cast<unsigned long long>(e.bad_body), static_cast<unsigned long long>(e.transport));
  if (!first_error.empty()) std::fprintf(stderr, "first error: %s\n", first_error.c_str());
}

// The cluster's CPU per second of wall time while idle, in ms; negative without a sample.
double idle_ms_per_s(const LoadRun& run) {
  if (!run.idle_cpu.has_value() || run.idle_seconds <= 0) return -1;
  return (run.idle_cpu->container_s + run.idle_cpu->content_s) * 1000.0 / run.idle_seconds;
}

void print_cpu(const RunLabel& label, const CpuSnapshot& cpu, size_t samples, double idle_ms) {
  double n = static_cast<double>(std::max<size_t>(samples, 1));
  double cluster_ms = (cpu.container_s + cpu.content_s) * 1000.0 / n;
  double container_ms = cpu.container_s * 1000.0 / n;
  double content_ms = cpu.content_s * 1000.0 / n;
  double client_ms = cpu.client_s * 1000.0 / n;
  std::printf(
      "cpu per query: cluster %.3f ms (container %.3f, content nodes %.3f); load generator %.3f "
      "ms\n",
      cluster_ms, container_ms, content_ms, client_ms);
  if (idle_ms >= 0) {
    std::printf("  (included: the idle cluster's own %.1f ms of CPU per second: pings, maintenance)\n",
                idle_ms);
  }
  std::printf(
      "CPU engine=grove-cluster corpus=%s layout=%s ranking=%s threads=%d queries=%zu "
      "cluster_ms_per_query=%.3f container_ms_per_query=%.3f content_ms_per_query=%.3f "
      "client_ms_per_query=%.3f idle_ms_per_s=%.1f load1=%s\n",
      label.corpus.c_str(), label.layout.c_str(), label.ranking.c_str(), label.threads, samples,
      cluster_ms, container_ms, content_ms, client_ms, idle_ms, load1().c_str());
}

}  // namespace

ErrorCounts count_errors(const std::vector<Sample>& samples) {
  TypeSamples all;
  for (const Sample& s : samples) all.add(s);
  return all.errors;
}

void print_report(const RunLabel& label, const LoadRun& run,
                  const std::vector<std::string>& request_types) {
  std::map<std::string, TypeSamples> by_type;
  TypeSamples all;
  for (const Sample& s : run.samples) {
    by_type[request_types[s.request]].add(s);
    all.add(s);
  }
  std::vector<std::string> printed;  // types in order of first appearance
  for (const std::string& type : request_types) {
    if (!by_type.count(type) ||
        std::find(printed.begin(), printed.end(), type) != printed.end()) {
      continue;
    }
    printed.push_back(type);
    const TypeSamples& t = by_type[type];
    print_type(label, type, t, busy_seconds(t.ok_latencies_ns, label.threads));
  }
  print_type(label, "all", all, run.wall_seconds);
  print_errors(all.errors, run.samples.size(), run.first_error);
  print_overhead(all, run.samples.size());
  print_phases(all);
  if (run.cpu.has_value()) print_cpu(label, *run.cpu, run.samples.size(), idle_ms_per_s(run));
  std::fflush(stdout);
}

}  // namespace grove::perf
