#pragma once

// AimdThrottle: how many operations the feed client keeps in flight (additive increase,
// multiplicative decrease, as TCP congestion control does).
//
//  - It starts at the maximum window.
//  - Each success adds 1/window, so a full window of successes grows it by one operation.
//  - A congestion signal (429, 503, 504 or a timed-out request) halves it, down to the minimum,
//    at most once per round: every request is stamped with the epoch current when it was sent,
//    and only a signal from a request sent in the current epoch halves the window (and starts a
//    new epoch). The burst of 429s that one overload produces therefore halves the window once,
//    not once per request.
//
// Usage:
//   AimdThrottle throttle(1, 256);
//   if (in_flight < throttle.window()) send(op, throttle.epoch());
//   on 200: throttle.on_success();   on 429: throttle.on_congestion(op.epoch);
//
// Not thread-safe; confined to the feed client's io thread.

#include <cstddef>
#include <cstdint>

namespace grove::feed {

class AimdThrottle {
 public:
  // Requires 1 <= min_window <= max_window.
  AimdThrottle(size_t min_window, size_t max_window);

  // The number of operations that may be in flight now.
  size_t window() const { return static_cast<size_t>(window_); }
  // The epoch to stamp on a request sent now.
  uint64_t epoch() const { return epoch_; }

  void on_success();
  // Halves the window (once per epoch) for a request sent in `sent_epoch`. True if it did.
  bool on_congestion(uint64_t sent_epoch);

 private:
  double min_;
  double max_;
  double window_;  // Invariant: min_ <= window_ <= max_
  uint64_t epoch_ = 0;
};

}  // namespace grove::feed
