#include "perf/common/bench_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "services/base/parse_number.h"

namespace grove::perf {

namespace {

double nearest_rank_us(const std::vector<int64_t>& sorted, double p) {
  size_t rank = static_cast<size_t>(p * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return static_cast<double>(sorted[rank - 1]) / 1000.0;
}

double number_or_zero(const std::map<std::string, std::string>& kv, const std::string& key) {
  auto it = kv.find(key);
  double value = 0;
  if (it == kv.end() || !parse_double(it->second, value)) return 0;
  return value;
}

}  // namespace

LatencySummary summarize(std::vector<int64_t> latencies_ns, double wall_seconds) {
  LatencySummary s;
  s.count = latencies_ns.size();
  s.wall_seconds = wall_seconds;
  if (latencies_ns.empty()) return s;
  std::sort(latencies_ns.begin(), latencies_ns.end());
  s.qps = wall_seconds > 0 ? static_cast<double>(s.count) / wall_seconds : 0;
  s.p50_us = nearest_rank_us(latencies_ns, 0.50);
  s.p99_us = nearest_rank_us(latencies_ns, 0.99);
  double total = std::accumulate(latencies_ns.begin(), latencies_ns.end(), 0.0);
  s.mean_us = total / static_cast<double>(s.count) / 1000.0;
  s.max_us = static_cast<double>(latencies_ns.back()) / 1000.0;
  return s;
}

std::string format_human_line(const ResultLine& r) {
  return fmt::format(
      "{} {} threads={} {:<13} {:6} queries {:9.1f} qps  p50 {:8.1f} us  p99 {:8.1f} us  "
      "avg hits {:5.2f}  zero-hit {}",
      r.engine, r.corpus, r.threads, r.type, r.latency.count, r.latency.qps, r.latency.p50_us,
      r.latency.p99_us, r.avg_hits, r.zero_hit);
}

std::string format_result_line(const ResultLine& r) {
  return fmt::format(
      "RESULT engine={} corpus={} threads={} type={} queries={} qps={:.1f} p50_us={:.1f} "
      "p99_us={:.1f} mean_us={:.1f} avg_hits={:.2f} zero_hit={}",
      r.engine, r.corpus, r.threads, r.type, r.latency.count, r.latency.qps, r.latency.p50_us,
      r.latency.p99_us, r.latency.mean_us, r.avg_hits, r.zero_hit);
}

std::map<std::string, std::string> parse_key_values(std::string_view line) {
  std::map<std::string, std::string> kv;
  size_t start = line.find(' ');
  while (start != std::string_view::npos && start < line.size()) {
    size_t end = line.find(' ', start + 1);
    std::string_view pair = line.substr(
        start + 1, end == std::string_view::npos ? std::string_view::npos : end - start - 1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos) {
      kv[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
    }
    start = end;
  }
  return kv;
}

Result<ResultLine> parse_result_line(std::string_view line) {
  if (line.substr(0, 7) != "RESULT ") return Status::InvalidArgument("not a RESULT line");
  std::map<std::string, std::string> kv = parse_key_values(line);
  if (!kv.count("engine") || !kv.count("type") || !kv.count("qps")) {
    return Status::InvalidArgument("RESULT line without engine, type or qps");
  }
  ResultLine r;
  r.engine = kv["engine"];
  r.corpus = kv["corpus"];
  r.type = kv["type"];
  r.threads = static_cast<int>(number_or_zero(kv, "threads"));
  r.latency.count = static_cast<uint64_t>(number_or_zero(kv, "queries"));
  r.latency.qps = number_or_zero(kv, "qps");
  r.latency.p50_us = number_or_zero(kv, "p50_us");
  r.latency.p99_us = number_or_zero(kv, "p99_us");
  r.latency.mean_us = number_or_zero(kv, "mean_us");
  r.avg_hits = number_or_zero(kv, "avg_hits");
  r.zero_hit = static_cast<uint64_t>(number_or_zero(kv, "zero_hit"));
  if (r.latency.qps > 0 && r.latency.count > 0) {
    r.latency.wall_seconds = static_cast<double>(r.latency.count) / r.latency.qps;
  }
  return r;
}

}  // namespace grove::perf
