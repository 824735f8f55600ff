#pragma once

// Metrics: counters, gauges and latency histograms that a server exposes on
// /state/v1/metrics (JSON) and /prometheus/v1/values (Prometheus text format).
//
// Usage:
//   MetricRegistry registry;
//   Counter& queries = registry.counter("queries", "Queries received");
//   Histogram& latency = registry.histogram("query_latency_ms", "Query latency");
//   queries.add(1);
//   latency.record(3.2);
//   std::string json = registry.render_json();
//
// Metric objects are owned by the registry and live as long as it; they are thread-safe and
// lock-free to update (relaxed atomics). Registering takes a lock and is meant for start-up or
// for a new label value (e.g. a group seen for the first time); registering the same name and
// labels twice returns the same object.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace grove {

using MetricLabels = std::map<std::string, std::string>;

class Counter {
 public:
  void add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Latency histogram with fixed, roughly exponential bucket bounds in milliseconds.
class Histogram {
 public:
  // Upper bounds of the buckets (ms); the last bucket is unbounded.
  static const std::vector<double>& bounds();

  Histogram();
  void record(double value_ms);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const;
  // Estimated quantile (0..1) from the buckets: the upper bound of the bucket that holds it.
  double quantile(double q) const;
  // Cumulative counts per bound, for Prometheus.
  std::vector<uint64_t> cumulative() const;

 private:
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds().size() + 1 entries
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micros_{0};
};

class MetricRegistry {
 public:
  Counter& counter(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help,
                       const MetricLabels& labels = {});

  // {"status":{"code":"up"},"metrics":{"snapshot":{...},"values":[{"name":..,"dimensions":{..},
  //   "values":{"count":..}}]}} in the spirit of Vespa's /state/v1/metrics.
  std::string render_json() const;
  // Prometheus text exposition format 0.0.4; names are prefixed with "grove_".
  std::string render_prometheus() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Entry {
    Kind kind;
    std::string name;
    std::string help;
    MetricLabels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  Entry& find_or_add(Kind kind, std::string_view name, std::string_view help,
                     const MetricLabels& labels);

  mutable std::mutex mutex_;
  // Invariant: entries are never removed, so references handed out stay valid.
  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace grove
