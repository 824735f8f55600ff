#pragma once

// RetryBackoff: the delays between attempts against a server that does not answer: `initial`,
// doubling up to `max`, each drawn at random from [delay * (1 - jitter), delay] so that many
// clients of one restarted server do not retry in step. reset() after a success.
//
// Usage:
//   RetryBackoff backoff({.initial = 200ms, .max = 10s, .jitter = 0.2});
//   while (!try_once()) sleep_for(backoff.next());
//   backoff.reset();
//
// Confined to one thread.

#include <chrono>
#include <cstdint>
#include <random>

namespace grove::subscription {

struct BackoffOptions {
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max{10'000};
  double jitter = 0.2;  // 0..1: the fraction of a delay that may be taken off at random
};

class RetryBackoff {
 public:
  explicit RetryBackoff(BackoffOptions options, uint64_t seed = std::random_device{}());

  // The delay before the next attempt; each call doubles the base delay (up to max).
  std::chrono::milliseconds next();
  // Back to `initial` (after a success).
  void reset() {
    current_ = options_.initial;
    failures_ = 0;
  }
  // Attempts since the last reset.
  uint64_t failures() const { return failures_; }

 private:
  BackoffOptions options_;
  std::chrono::milliseconds current_;  // Invariant: initial <= current_ <= max (or initial when initial > max)
  uint64_t failures_ = 0;
  std::mt19937_64 random_;
};

}  // namespace grove::subscription
