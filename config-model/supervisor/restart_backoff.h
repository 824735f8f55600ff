#pragma once

// RestartBackoff: when the supervisor starts a child again after it died. The first restart
// waits `initial`, each further one twice as long up to `max`; a child that had run for
// `stable_after` before it died starts over at `initial` (a crash a day is not a crash loop).
//
// Usage:
//   RestartBackoff backoff(options);
//   std::chrono::milliseconds delay = backoff.on_exit(ran_for);   // when the child died
//
// Confined to one thread (the supervisor's).

#include <chrono>
#include <cstdint>

namespace grove::supervisor {

struct RestartOptions {
  std::chrono::milliseconds initial{1'000};
  std::chrono::milliseconds max{30'000};
  std::chrono::milliseconds stable_after{60'000};
};

class RestartBackoff {
 public:
  explicit RestartBackoff(RestartOptions options) : options_(options) {}

  // The delay before starting again a child that died after running for `ran_for`.
  std::chrono::milliseconds on_exit(std::chrono::milliseconds ran_for);
  // Deaths in a row, each within stable_after of its start.
  uint32_t consecutive() const { return consecutive_; }

 private:
  RestartOptions options_;
  uint32_t consecutive_ = 0;
};

}  // namespace grove::supervisor
