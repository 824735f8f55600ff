#pragma once

// Clock: the source of time for everything that schedules, times out or stamps.
//
// SystemClock reads the real clocks; ManualClock is the in-memory twin for tests, moved by hand.
// Both are thread-safe. Code takes a `const Clock&` so that tests can control time.
//
// Two kinds of time:
//   now()       monotonic (steady) time, for deadlines and intervals;
//   wall_us()   microseconds since the Unix epoch, for timestamps that cross processes.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace grove {

using SteadyTime = std::chrono::steady_clock::time_point;
using Duration = std::chrono::steady_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime now() const = 0;
  virtual int64_t wall_us() const = 0;
};

class SystemClock final : public Clock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
  int64_t wall_us() const override;

  // The process-wide instance.
  static const SystemClock& instance();
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t wall_us = 1'700'000'000'000'000) : wall_us_(wall_us) {}
  SteadyTime now() const override { return SteadyTime(Duration(steady_ticks_.load())); }
  int64_t wall_us() const override { return wall_us_.load(); }

  // Moves both clocks forward by `d`.
  void advance(Duration d);

 private:
  std::atomic<Duration::rep> steady_ticks_{0};
  std::atomic<int64_t> wall_us_;
};

}  // namespace grove
