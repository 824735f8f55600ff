#pragma once

// DocumentMetrics: the document API's metrics in the container's registry (shown on
// /state/v1/metrics and /prometheus/v1/values):
//
//   feed_operations{type,status}     requests answered, by operation (put, update, remove, get,
//                                    visit) and HTTP status
//   feed_latency_ms{type}            latency from request to answer
//   feed_in_flight                   document requests being handled now
//   feed_wrong_distribution_resends  writes resent after a WRONG_DISTRIBUTION answer
//
// A (type, status) counter is registered on its first use and then cached, so recording takes
// no lock after that; only the statuses the API uses are cached.
//
// Thread-safe. Borrows the registry, which must outlive it.

#include <array>
#include <atomic>
#include <cstdint>

#include "container/document/document_response.h"
#include "services/metrics/metrics.h"

namespace grove::container {

class DocumentMetrics {
 public:
  explicit DocumentMetrics(MetricRegistry& registry);

  void record(DocumentOp op, int http_status, double latency_ms);
  void set_in_flight(int64_t n) { in_flight_->set(static_cast<double>(n)); }
  Counter& resends() { return *resends_; }

 private:
  static constexpr std::array<int, 12> kStatuses = {200, 400, 404, 405, 412, 413,
                                                    429, 500, 503, 504, 507, 501};

  MetricRegistry& registry_;
  // Invariant: null, or the registry's counter for (op, kStatuses[s]).
  std::array<std::array<std::atomic<Counter*>, kStatuses.size()>, kDocumentOpCount> by_status_{};
  std::array<Histogram*, kDocumentOpCount> latency_{};
  Gauge* in_flight_ = nullptr;
  Counter* resends_ = nullptr;
};

}  // namespace grove::container
