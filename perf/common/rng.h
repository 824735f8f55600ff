#pragma once

// Rng: a small deterministic random generator (SplitMix64) for benchmark data. The standard
// distributions (std::uniform_int_distribution, ...) may give different draws with different
// standard libraries; these draws depend only on the seed, so a query set is reproducible from
// its recorded seed everywhere.
//
// Usage:
//   Rng rng(42);
//   uint64_t i = rng.below(n);  // uniform in [0, n)
//
// A value; confined to one thread.

#include <cstdint>

#include "services/base/assert.h"

namespace grove::perf {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n), without modulo bias. Requires n > 0.
  uint64_t below(uint64_t n) {
    GROVE_ASSERT(n > 0);
    const uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (true) {
      uint64_t x = next();
      if (x >= threshold) return x % n;
    }
  }

  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

}  // namespace grove::perf
