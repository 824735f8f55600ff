#pragma once

// LEB128 variable-length integers (7 bits per byte, low group first, high bit = more follows),
// the byte format of posting lists (docs/posting-format.md).
//
// Pure functions; thread-safe.

#include <cstdint>
#include <cstring>

namespace grove::index {

// The most bytes a 32-bit value takes.
inline constexpr uint32_t kMaxVarintBytes = 5;

// Writes `value` at `out` and returns the byte after it.
inline uint8_t* write_varint(uint8_t* out, uint32_t value) {
  while (value >= 0x80) {
    *out++ = static_cast<uint8_t>(value | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<uint8_t>(value);
  return out;
}

// Reads one value at `in` and advances `in` past it. The caller guarantees a whole value.
inline uint32_t read_varint(const uint8_t*& in) {
  uint32_t byte = *in++;
  if (byte < 0x80) [[likely]]
    return byte;
  uint32_t value = byte & 0x7f;
  int shift = 7;
  do {
    byte = *in++;
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte >= 0x80);
  return value;
}

// Advances `in` past one value.
inline void skip_varint(const uint8_t*& in) {
  while (*in++ >= 0x80) {
  }
}

// Advances `in` past `n` values, eight bytes at a time where it can: every value ends in
// exactly one byte with the high bit clear. Never reads at or beyond `readable_end` (pass
// `in` to skip byte by byte).
inline void skip_varints(const uint8_t*& in, uint32_t n, const uint8_t* readable_end) {
  while (n >= 8 && in + 8 <= readable_end) {
    uint64_t w;
    std::memcpy(&w, in, sizeof(w));
    // One bit per byte that ends a value, summed into the top byte by the multiply.
    const uint64_t end_bits = (~w & 0x8080808080808080ull) >> 7;
    const auto ends = static_cast<uint32_t>((end_bits * 0x0101010101010101ull) >> 56);
    if (ends >= n) break;  // the n-th value ends inside these bytes
    n -= ends;
    in += 8;
  }
  for (; n > 0; --n) skip_varint(in);
}

}  // namespace grove::index
