#include "container/feed/aimd_throttle.h"

#include <algorithm>

#include "services/base/assert.h"

namespace grove::feed {

AimdThrottle::AimdThrottle(size_t min_window, size_t max_window)
    : min_(static_cast<double>(min_window)), max_(static_cast<double>(max_window)), window_(max_) {
  GROVE_ASSERT(min_window >= 1 && min_window <= max_window);
}

void AimdThrottle::on_success() { window_ = std::min(max_, window_ + 1.0 / window_); }

bool AimdThrottle::on_congestion(uint64_t sent_epoch) {
  if (sent_epoch != epoch_) return false;
  window_ = std::max(min_, window_ / 2);
  ++epoch_;
  return true;
}

}  // namespace grove::feed
