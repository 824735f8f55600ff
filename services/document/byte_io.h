#pragma once

// Little helpers for the binary document format: LEB128 varints and little-endian fixed-width
// numbers, written to a std::string and read back with bounds checks.
//
// Usage:
//   put_varint(out, 300);
//   ByteReader in(bytes);
//   uint64_t n;
//   if (!in.varint(n)) return corrupt("truncated");
//
// ByteReader borrows its bytes for its lifetime; neither is shared between threads.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace grove::document {

inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// Appends an integer or IEEE float in little-endian byte order.
template <typename T>
void put_fixed(std::string& out, T v) {
  static_assert(std::is_arithmetic_v<T>);
  using U = std::conditional_t<sizeof(T) == 1, uint8_t,
                               std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>;
  static_assert(sizeof(T) == sizeof(U));
  U bits;
  std::memcpy(&bits, &v, sizeof bits);
  for (size_t i = 0; i < sizeof bits; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xFF);
}

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  size_t remaining() const { return bytes_.size() - pos_; }
  size_t position() const { return pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }

  // Each reader returns false, consuming nothing useful, when the bytes run out or a varint is
  // longer than 10 bytes.
  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_end()) return false;
      auto b = static_cast<uint8_t>(bytes_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return shift < 63 || b <= 1;
    }
    return false;
  }

  template <typename T>
  bool fixed(T& v) {
    static_assert(std::is_arithmetic_v<T>);
    using U = std::conditional_t<sizeof(T) == 1, uint8_t,
                                 std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>;
    if (remaining() < sizeof(U)) return false;
    U bits = 0;
    for (size_t i = 0; i < sizeof bits; ++i) {
      bits |= static_cast<U>(static_cast<uint8_t>(bytes_[pos_ + i])) << (8 * i);
    }
    pos_ += sizeof bits;
    std::memcpy(&v, &bits, sizeof v);
    return true;
  }

  bool bytes(size_t n, std::string_view& out) {
    if (remaining() < n) return false;
    out = bytes_.substr(pos_, n);
    pos_ += n;
    return true;
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace grove::document
