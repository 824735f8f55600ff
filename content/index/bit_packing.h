#pragma once

// Fixed-width bit packing of 128 values, the format of sealed posting blocks
// (docs/posting-format.md): value i occupies bits [i * w, (i + 1) * w) of the packed bytes,
// least significant bit first. Unpacking reads 64-bit words and needs 8 readable bytes after
// the packed data (the posting buffers keep that slack).
//
// Pure functions; thread-safe.

#include <cstdint>
#include <cstring>
#include <utility>

namespace grove::index {

inline constexpr uint32_t kPackedValues = 128;
inline constexpr uint32_t kPackSlack = 8;

// Bytes that kPackedValues values of `bits` bits take.
constexpr uint32_t packed_bytes(uint32_t bits) {
  return kPackedValues * bits / 8;
}

// The bits needed for the largest of `values`.
inline uint32_t bits_needed(const uint32_t* values, uint32_t n) {
  uint32_t all = 0;
  for (uint32_t i = 0; i < n; ++i) all |= values[i];
  return all == 0 ? 0 : 32 - static_cast<uint32_t>(__builtin_clz(all));
}

// Writes kPackedValues values of `bits` bits at `out` (packed_bytes(bits) bytes).
inline void pack(const uint32_t* values, uint32_t bits, uint8_t* out) {
  std::memset(out, 0, packed_bytes(bits));
  if (bits == 0) return;
  uint64_t pos = 0;
  for (uint32_t i = 0; i < kPackedValues; ++i, pos += bits) {
    const uint64_t v = uint64_t{values[i]} << (pos & 7);
    for (uint32_t b = 0; b * 8 < bits + (pos & 7); ++b)
      out[(pos >> 3) + b] |= static_cast<uint8_t>(v >> (8 * b));
  }
}

namespace detail {
template <uint32_t B>
void unpack_fixed(const uint8_t* in, uint32_t* out) {
  constexpr uint64_t kMask = (uint64_t{1} << B) - 1;
  for (uint32_t g = 0; g < kPackedValues / 8; ++g) {
    const uint8_t* base = in + g * B;  // 8 values of B bits are B bytes
    for (uint32_t k = 0; k < 8; ++k) {
      uint64_t w;
      std::memcpy(&w, base + (k * B) / 8, sizeof(w));
      out[g * 8 + k] = static_cast<uint32_t>((w >> ((k * B) % 8)) & kMask);
    }
  }
}

template <uint32_t... B>
void unpack_dispatch(uint32_t bits, const uint8_t* in, uint32_t* out,
                     std::integer_sequence<uint32_t, B...>) {
  using Fn = void (*)(const uint8_t*, uint32_t*);
  static constexpr Fn kTable[] = {&unpack_fixed<B + 1>...};
  kTable[bits - 1](in, out);
}
}  // namespace detail

// Reads kPackedValues values of `bits` bits (0..32) from `in`.
inline void unpack(const uint8_t* in, uint32_t bits, uint32_t* out) {
  if (bits == 0) {
    std::memset(out, 0, kPackedValues * sizeof(uint32_t));
    return;
  }
  detail::unpack_dispatch(bits, in, out, std::make_integer_sequence<uint32_t, 32>());
}

}  // namespace grove::index
