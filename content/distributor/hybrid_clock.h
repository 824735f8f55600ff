#pragma once

// HybridClock: the distributor's timestamps (DESIGN §5): microseconds since the Unix epoch that
// are unique and rising on this node, max(wall clock µs, last + 1). Replicas resolve conflicts
// by last writer wins on them, so a document's writes must get rising timestamps even when the
// wall clock steps back or many writes share a microsecond.
//
// Usage:
//   HybridClock clock(SystemClock::instance());
//   uint64_t ts = clock.next();
//
// Thread-safe and lock-free (one compare-and-swap loop per timestamp).

#include <atomic>
#include <cstdint>

#include "services/base/clock.h"

namespace grove::content {

class HybridClock {
 public:
  explicit HybridClock(const Clock& clock) : clock_(clock) {}

  // A timestamp greater than every one returned before.
  uint64_t next();
  // The last timestamp returned (0 before the first).
  uint64_t last() const { return last_.load(std::memory_order_relaxed); }

 private:
  const Clock& clock_;
  // Invariant: the largest timestamp handed out; only grows.
  std::atomic<uint64_t> last_{0};
};

}  // namespace grove::content
