#pragma once

// Small string helpers shared by the parsers of every layer (schemas, services.xml, command-line
// values, test files).
//
// Usage:
//   std::string_view word = trim("  music \n");  // "music"
//
// Pure functions; thread-safe.

#include <string_view>

namespace grove {

// True for the ASCII whitespace of the C locale: space, \t, \n, \v, \f and \r.
constexpr bool is_ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// `text` without leading and trailing ASCII whitespace; a view into `text` (empty when `text`
// is blank). Never fails.
std::string_view trim(std::string_view text);

}  // namespace grove
