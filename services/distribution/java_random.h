#pragma once

// JavaRandom: the 48-bit linear congruential generator of java.util.Random, as the ideal-state
// algorithm uses it (DESIGN §4).
//
// Seeds are 32-bit values taken as *signed* int32 and sign-extended before setSeed, and the
// first double after every (re)seeding is thrown away, as Vespa does.
//
// Usage:
//   JavaRandom random(seed);
//   double score = random.next_double();
//
// Not thread-safe; a value type, one per computation.

#include <cstdint>

namespace grove::distribution {

class JavaRandom {
 public:
  explicit JavaRandom(uint32_t seed) { reseed(seed); }

  // Restarts the sequence from `seed` (and discards its first double).
  void reseed(uint32_t seed) {
    int64_t extended = static_cast<int32_t>(seed);
    state_ = (static_cast<uint64_t>(extended) ^ kMultiplier) & kMask;
    next_double();
  }

  // A double in [0, 1), as java.util.Random.nextDouble().
  double next_double() {
    uint64_t high = next(26);
    uint64_t low = next(27);
    return static_cast<double>((high << 27) + low) * (1.0 / static_cast<double>(1ULL << 53));
  }

 private:
  static constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr uint64_t kAddend = 0xBULL;
  static constexpr uint64_t kMask = (1ULL << 48) - 1;

  uint64_t next(int bits) {
    state_ = (state_ * kMultiplier + kAddend) & kMask;
    return state_ >> (48 - bits);
  }

  uint64_t state_ = 0;  // Invariant: < 2^48.
};

}  // namespace grove::distribution
