#pragma once

// BucketId: a 64-bit bucket identifier as Vespa defines it. The top 6 bits hold the number of
// used bits; the low `used_bits` bits identify the bucket. A document's bucket uses 58 bits:
// 32 location bits and 26 bits of its GID (see DocumentId).
//
// Usage:
//   BucketId b(0xe97d537966d96720);
//   b.used_bits();   // 58
//   b.to_hex();      // "0xe97d537966d96720"
//
// Immutable value type.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::distribution {

class BucketId {
 public:
  constexpr BucketId() = default;
  constexpr explicit BucketId(uint64_t raw) : raw_(raw) {}

  // The bucket of `used_bits` bits (1..58) holding the location bits of `id`: the unused bits
  // are cleared and the count is stored in the top 6 bits.
  static BucketId from_bits(uint32_t used_bits, uint64_t id);

  // Parses "0x..." or bare hexadecimal.
  static Result<BucketId> parse_hex(std::string_view text);

  constexpr uint64_t raw() const { return raw_; }
  constexpr uint32_t used_bits() const { return static_cast<uint32_t>(raw_ >> 58); }
  // "0x" and 16 lower-case hex digits.
  std::string to_hex() const;

  friend constexpr bool operator==(BucketId a, BucketId b) { return a.raw_ == b.raw_; }
  friend constexpr auto operator<=>(BucketId a, BucketId b) { return a.raw_ <=> b.raw_; }

 private:
  uint64_t raw_ = 0;
};

}  // namespace grove::distribution
