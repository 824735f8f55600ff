#pragma once

// CharClass: how the tokenizer treats one (normalized) character.
//
//   kWord       letters (L*) and numbers (N*): part of a word
//   kMark       combining marks (M*): part of the token they follow, a separator otherwise
//   kSingle     letters of scripts written without spaces (Han, Hiragana, Katakana, Hangul, Thai,
//               Lao, Khmer, Myanmar, Yi, Bopomofo): each one is a token by itself
//   kSeparator  everything else (spaces, punctuation, symbols, controls, U+FFFD, unassigned)
//
// Free functions over immutable tables; thread-safe.

#include <cstdint>

namespace grove::text {

enum class CharClass : uint8_t { kSeparator, kWord, kMark, kSingle };

// The class of an ASCII byte (< 0x80), from a table.
CharClass classify_ascii(unsigned char c);

// The class of any Unicode scalar value.
CharClass classify(char32_t cp);

// True when `cp` belongs to a script written without spaces between words (see kSingle).
bool is_unspaced_script(char32_t cp);

}  // namespace grove::text
