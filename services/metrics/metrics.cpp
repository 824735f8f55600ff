#include "services/metrics/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "services/base/json_writer.h"

namespace grove {

const std::vector<double>& Histogram::bounds() {
  static const std::vector<double> kBounds = {0.1, 0.25, 0.5, 1,    2.5,  5,    10,    25,
                                              50,  100,  250, 500,  1000, 2500, 10000, 60000};
  return kBounds;
}

Histogram::Histogram()
    : buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds().size() + 1)) {}

void Histogram::record(double value_ms) {
  const auto& b = bounds();
  size_t i = static_cast<size_t>(std::lower_bound(b.begin(), b.end(), value_ms) - b.begin());
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<uint64_t>(std::max(0.0, value_ms) * 1000.0),
                        std::memory_order_relaxed);
}

double Histogram::sum() const {
  return static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1000.0;
}

std::vector<uint64_t> Histogram::cumulative() const {
  std::vector<uint64_t> out;
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds().size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out.push_back(running);
  }
  return out;
}

double Histogram::quantile(double q) const {
  std::vector<uint64_t> cum = cumulative();
  uint64_t total = cum.back();
  if (total == 0) return 0;
  uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(total - 1)) + 1;
  for (size_t i = 0; i < bounds().size(); ++i) {
    if (cum[i] >= rank) return bounds()[i];
  }
  return bounds().back();
}

MetricRegistry::Entry& MetricRegistry::find_or_add(Kind kind, std::string_view name,
                                                   std::string_view help,
                                                   const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  for (auto& e : entries_) {
    if (e->kind == kind && e->name == name && e->labels == labels) return *e;
  }
  auto e = std::make_unique<Entry>();
  e->kind = kind;
  e->name = std::string(name);
  e->help = std::string(help);
  e->labels = labels;
  if (kind == Kind::kCounter) e->counter = std::make_unique<Counter>();
  if (kind == Kind::kGauge) e->gauge = std::make_unique<Gauge>();
  if (kind == Kind::kHistogram) e->histogram = std::make_unique<Histogram>();
  entries_.push_back(std::move(e));
  return *entries_.back();
}

Counter& MetricRegistry::counter(std::string_view name, std::string_view help,
                                 const MetricLabels& labels) {
  return *find_or_add(Kind::kCounter, name, help, labels).counter;
}

Gauge& MetricRegistry::gauge(std::string_view name, std::string_view help,
                             const MetricLabels& labels) {
  return *find_or_add(Kind::kGauge, name, help, labels).gauge;
}

Histogram& MetricRegistry::histogram(std::string_view name, std::string_view help,
                                     const MetricLabels& labels) {
  return *find_or_add(Kind::kHistogram, name, help, labels).histogram;
}

std::string MetricRegistry::render_json() const {
  std::lock_guard lock(mutex_);
  JsonWriter w;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  w.begin_object();
  w.key("status").begin_object().key("code").string("up").end_object();
  w.key("metrics").begin_object();
  w.key("snapshot").begin_object().key("to").number(int64_t{now}).end_object();
  w.key("values").begin_array();
  for (const auto& e : entries_) {
    w.begin_object().key("name").string(e->name).key("description").string(e->help);
    w.key("dimensions").begin_object();
    for (const auto& [k, v] : e->labels) w.key(k).string(v);
    w.end_object();
    w.key("values").begin_object();
    if (e->counter) w.key("count").number(e->counter->value());
    if (e->gauge) w.key("last").number(e->gauge->value());
    if (e->histogram) {
      const Histogram& h = *e->histogram;
      w.key("count").number(h.count()).key("sum").number(h.sum());
      w.key("average").number(h.count() ? h.sum() / static_cast<double>(h.count()) : 0.0);
      w.key("p50").number(h.quantile(0.5)).key("p99").number(h.quantile(0.99));
    }
    w.end_object().end_object();
  }
  w.end_array().end_object().end_object();
  return std::move(w).take();
}

namespace {

std::string prometheus_labels(const MetricLabels& labels, std::string_view extra = {}) {
  std::string out;
  for (const auto& [k, v] : labels) {
    out += out.empty() ? "{" : ",";
    out += k + "=\"";
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') { out += "\\n"; continue; }
      out += c;
    }
    out += "\"";
  }
  if (!extra.empty()) {
    out += out.empty() ? "{" : ",";
    out += extra;
  }
  if (!out.empty()) out += "}";
  return out;
}

}  // namespace

std::string MetricRegistry::render_prometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  std::map<std::string, bool> described;
  for (const auto& e : entries_) {
    std::string name = "grove_" + e->name;
    if (!described[name]) {
      const char* type = e->counter ? "counter" : e->gauge ? "gauge" : "histogram";
      out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, e->help, name, type);
      described[name] = true;
    }
    if (e->counter) out += fmt::format("{}{} {}\n", name, prometheus_labels(e->labels), e->counter->value());
    if (e->gauge) out += fmt::format("{}{} {}\n", name, prometheus_labels(e->labels), e->gauge->value());
    if (e->histogram) {
      std::vector<uint64_t> cum = e->histogram->cumulative();
      const auto& b = Histogram::bounds();
      for (size_t i = 0; i < b.size(); ++i) {
        out += fmt::format("{}_bucket{} {}\n", name,
                           prometheus_labels(e->labels, fmt::format("le=\"{}\"", b[i])), cum[i]);
      }
      out += fmt::format("{}_bucket{} {}\n", name, prometheus_labels(e->labels, "le=\"+Inf\""),
                         cum.back());
      out += fmt::format("{}_sum{} {}\n", name, prometheus_labels(e->labels), e->histogram->sum());
      out += fmt::format("{}_count{} {}\n", name, prometheus_labels(e->labels), e->histogram->count());
    }
  }
  return out;
}

}  // namespace grove
