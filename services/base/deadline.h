#pragma once

// Deadline: the point in steady time by which a call must be finished.
//
// Every call between Grove processes carries one; on the wire it travels as the remaining time in
// milliseconds, since steady clocks do not compare across processes.
//
// Usage:
//   Deadline d = Deadline::after(clock, std::chrono::milliseconds(500));
//   if (d.expired(clock)) return Status::DeadlineExceeded("search: deadline passed before start");
//
// A value type; immutable.

#include <chrono>
#include <cstdint>

#include "services/base/clock.h"

namespace grove {

class Deadline {
 public:
  static Deadline after(const Clock& clock, Duration d) { return Deadline(clock.now() + d); }
  static Deadline never() { return Deadline(SteadyTime::max()); }
  explicit Deadline(SteadyTime at) : at_(at) {}

  SteadyTime at() const { return at_; }
  bool is_never() const { return at_ == SteadyTime::max(); }
  bool expired(const Clock& clock) const { return clock.now() >= at_; }

  // Time left, never negative.
  Duration remaining(const Clock& clock) const {
    SteadyTime now = clock.now();
    return now >= at_ ? Duration::zero() : at_ - now;
  }
  // Time left in whole milliseconds, for the wire; saturates at INT32_MAX for never().
  int32_t remaining_ms(const Clock& clock) const;

  friend bool operator<(const Deadline& a, const Deadline& b) { return a.at_ < b.at_; }

 private:
  SteadyTime at_;
};

}  // namespace grove
