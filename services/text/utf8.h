#pragma once

// UTF-8 helpers for the linguistics code: a strict decoder and a sanitizer.
//
// "Strict" follows the Unicode standard (Table 3-7): no overlong forms, no surrogates, nothing
// above U+10FFFF. An invalid sequence is replaced by one U+FFFD per maximal invalid subpart, the
// same policy as the WHATWG encoding standard and ICU, so the output never depends on how many
// bytes a broken sequence happened to have.
//
// Usage:
//   std::string clean;
//   append_sanitized_utf8(untrusted, clean);  // clean is valid UTF-8
//
// Free functions without state; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

namespace grove::text {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

struct DecodedChar {
  char32_t code_point = 0;
  // Bytes consumed: 1..4. When `valid` is false, the length of the maximal invalid subpart (>= 1)
  // that the caller should replace by U+FFFD.
  uint32_t length = 0;
  bool valid = false;
};

// Decodes the character at the start of [p, end). Requires p < end.
DecodedChar decode_utf8(const unsigned char* p, const unsigned char* end);

// Decodes a character of text already known to be valid UTF-8 (no checks). Requires p < end.
DecodedChar decode_valid_utf8(const unsigned char* p);

// Appends the UTF-8 encoding of `cp` (which must be a Unicode scalar value) to `out`.
void append_utf8(char32_t cp, std::string& out);

// Appends `in` to `out`, replacing every invalid sequence by U+FFFD. Returns true when `in`
// was valid (nothing replaced).
bool append_sanitized_utf8(std::string_view in, std::string& out);

}  // namespace grove::text
