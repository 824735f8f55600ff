#include "container/document/document_metrics.h"

#include <string>

namespace grove::container {

namespace {

constexpr const char* kOperationsHelp =
    "Document API requests answered, by operation and HTTP status";

MetricLabels labels_of(DocumentOp op, int status) {
  return {{"type", std::string(document_op_name(op))}, {"status", std::to_string(status)}};
}

}  // namespace

DocumentMetrics::DocumentMetrics(MetricRegistry& registry) : registry_(registry) {
  for (size_t op = 0; op < kDocumentOpCount; ++op) {
    auto kind = static_cast<DocumentOp>(op);
    latency_[op] = &registry.histogram("feed_latency_ms", "Document API request latency",
                                       {{"type", std::string(document_op_name(kind))}});
  }
  in_flight_ = &registry.gauge("feed_in_flight", "Document API requests being handled");
  resends_ = &registry.counter("feed_wrong_distribution_resends",
                               "Writes resent to a new owner after a WRONG_DISTRIBUTION answer");
}

void DocumentMetrics::record(DocumentOp op, int http_status, double latency_ms) {
  auto index = static_cast<size_t>(op);
  latency_[index]->record(latency_ms);
  for (size_t s = 0; s < kStatuses.size(); ++s) {
    if (kStatuses[s] != http_status) continue;
    std::atomic<Counter*>& slot = by_status_[index][s];
    Counter* counter = slot.load(std::memory_order_acquire);
    if (counter == nullptr) {
      counter = &registry_.counter("feed_operations", kOperationsHelp, labels_of(op, http_status));
      slot.store(counter, std::memory_order_release);
    }
    return counter->add();
  }
  registry_.counter("feed_operations", kOperationsHelp, labels_of(op, http_status)).add();
}

}  // namespace grove::container
