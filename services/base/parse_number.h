#pragma once

// Strict parsing of whole numbers from text: the entire string must be the number, with no
// sign for unsigned types, no spaces and no trailing characters.
//
// Usage:
//   uint16_t port;
//   if (!parse_number(text, port)) return Status::InvalidArgument(...);
//
// Pure functions; thread-safe.

#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

namespace grove {

// Integers in base `base`; false on empty input, junk, or a value out of T's range.
template <typename T>
bool parse_number(std::string_view text, T& out, int base = 10) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return !text.empty() && ec == std::errc() && ptr == text.data() + text.size();
}

// A finite or infinite double in any form strtod accepts; false on empty input or junk.
inline bool parse_double(std::string_view text, double& out) {
  if (text.empty()) return false;
  std::string copy(text);
  char* end = nullptr;
  out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();
}

}  // namespace grove
