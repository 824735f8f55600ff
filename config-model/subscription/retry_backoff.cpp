#include "config-model/subscription/retry_backoff.h"

#include <algorithm>

namespace grove::subscription {

RetryBackoff::RetryBackoff(BackoffOptions options, uint64_t seed)
    : options_(options), current_(options.initial), random_(seed) {
  options_.jitter = std::clamp(options_.jitter, 0.0, 1.0);
}

std::chrono::milliseconds RetryBackoff::next() {
  std::chrono::milliseconds delay = std::min(current_, std::max(options_.max, options_.initial));
  current_ = std::min(current_ * 2, std::max(options_.max, options_.initial));
  ++failures_;
  std::uniform_real_distribution<double> draw(1.0 - options_.jitter, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(static_cast<double>(delay.count()) * draw(random_)));
}

}  // namespace grove::subscription
