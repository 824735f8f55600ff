#include "content/distributor/hybrid_clock.h"

#include <algorithm>

namespace grove::content {

uint64_t HybridClock::next() {
  const int64_t wall = clock_.wall_us();
  const uint64_t now = wall > 0 ? static_cast<uint64_t>(wall) : 0;
  uint64_t last = last_.load(std::memory_order_relaxed);
  uint64_t next = 0;
  do {
    next = std::max(now, last + 1);
  } while (!last_.compare_exchange_weak(last, next, std::memory_order_relaxed));
  return next;
}

}  // namespace grove::content
