#pragma once

// feed_documents(): puts every document of a FeedCorpus into one grove-content node over RPC,
// from `threads` concurrent connections, `batch` documents per write_batch call: the call a
// distributor makes to each replica (DESIGN §5). The node acknowledges a write only once its
// group commit is durable and it is searchable, so throughput comes from having many writes in
// flight.
//
// Threads take the next `batch` documents from a shared counter; document i gets timestamp
// first_timestamp + i, so timestamps rise in feed order. A write that fails with a status worth
// retrying (Unavailable, ResourceExhausted, DeadlineExceeded) is retried after a short pause,
// on a new connection when the old one broke, at most max_attempts times.
//
// Usage:
//   FeedOptions options{.port = node->port(), .threads = 16, .batch = 16};
//   GROVE_ASSIGN_OR_RETURN(FeedStats stats, feed_documents(corpus, options));
//
// Blocking; call from one thread (it starts and joins its own).

#include <chrono>
#include <cstdint>
#include <string>

#include "perf/common/bench_report.h"
#include "perf/node/feed_corpus.h"
#include "services/base/result.h"

namespace grove::perf {

struct FeedOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  int threads = 16;
  int batch = 16;  // documents per write_batch call
  int64_t first_timestamp = 1;  // µs
  std::chrono::milliseconds timeout{30000};  // per call
  int max_attempts = 10;                     // per document
};

struct FeedStats {
  uint64_t docs = 0;
  uint64_t applied = 0;  // puts the node reported as applied
  uint64_t retries = 0;
  double wall_seconds = 0;  // from the first put to the last acknowledgement
  LatencySummary latency;   // per document (its call's), retries included
};

// The first put that still fails after its attempts fails the feed (its Status).
Result<FeedStats> feed_documents(const FeedCorpus& corpus, const FeedOptions& options);

}  // namespace grove::perf
