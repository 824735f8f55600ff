#include "perf/node/summary_table.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

namespace grove::perf {

namespace {

constexpr const char* kEngines[] = {"grove-inproc", "grove-local", "grove-rpc", "xapian", "fts5"};

struct Ratio {
  const char* name;
  const char* numerator;
  const char* denominator;
};

constexpr Ratio kRatios[] = {{"rpc/xapian", "grove-rpc", "xapian"},
                             {"rpc/fts5", "grove-rpc", "fts5"},
                             {"inproc/xapian", "grove-inproc", "xapian"}};

std::string cell(std::optional<double> v, const char* format) {
  return v ? fmt::format(fmt::runtime(format), *v) : std::string("-");
}

std::optional<double> ratio(std::optional<double> a, std::optional<double> b) {
  if (!a || !b || *b <= 0) return std::nullopt;
  return *a / *b;
}

void print_header() {
  std::printf("%-14s %3s", "type", "thr");
  for (const char* e : kEngines) std::printf(" %12s", e);
  for (const Ratio& r : kRatios) std::printf(" %13s", r.name);
  std::printf("\n");
}

void print_row(const std::vector<ResultLine>& results, const std::string& type, int threads) {
  std::printf("%-14s %3d", type.c_str(), threads);
  for (const char* e : kEngines) {
    std::printf(" %12s", cell(qps_of(results, e, threads, type), "{:.1f}").c_str());
  }
  for (const Ratio& r : kRatios) {
    auto v = ratio(qps_of(results, r.numerator, threads, type),
                   qps_of(results, r.denominator, threads, type));
    std::printf(" %13s", cell(v, "{:.2f}").c_str());
  }
  std::printf("\n");
}

}  // namespace

std::optional<double> qps_of(const std::vector<ResultLine>& results, const std::string& engine,
                             int threads, const std::string& type) {
  auto it = std::find_if(results.begin(), results.end(), [&](const ResultLine& r) {
    return r.engine == engine && r.threads == threads && r.type == type;
  });
  if (it == results.end()) return std::nullopt;
  return it->latency.qps;
}

void print_qps_table(const std::vector<ResultLine>& results, const std::vector<std::string>& types,
                     const std::vector<int>& threads) {
  std::printf("QPS (queries/s; ratios > 1 mean Grove is faster)\n");
  print_header();
  for (const std::string& type : types) {
    for (int t : threads) print_row(results, type, t);
  }
}

void print_headlines(const std::vector<Headline>& headlines) {
  size_t width = 0;
  for (const Headline& h : headlines) width = std::max(width, h.label.size());
  for (const Headline& h : headlines) {
    std::printf("%-*s  %s\n", static_cast<int>(width), h.label.c_str(), h.value.c_str());
  }
}

}  // namespace grove::perf
