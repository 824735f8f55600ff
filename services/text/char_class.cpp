#include "services/text/char_class.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <iterator>

namespace grove::text {

namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// Scripts written without spaces, sorted by `first`. Letters and numbers in these ranges become
// one token each, so that CJK and Thai text is searchable character by character.
constexpr Range kUnspacedRanges[] = {
    {0x0E00, 0x0EFF},    // Thai, Lao
    {0x1000, 0x109F},    // Myanmar
    {0x1100, 0x11FF},    // Hangul Jamo
    {0x1780, 0x17FF},    // Khmer
    {0x19E0, 0x19FF},    // Khmer symbols
    {0x2E80, 0x2FDF},    // CJK radicals, Kangxi radicals
    {0x3005, 0x3007},    // ideographic iteration mark, closing mark, number zero
    {0x3021, 0x3029},    // Hangzhou numerals
    {0x3031, 0x3035},    // kana repeat marks
    {0x3038, 0x303C},    // Hangzhou numerals, ideographic marks
    {0x3040, 0x30FF},    // Hiragana, Katakana
    {0x3100, 0x312F},    // Bopomofo
    {0x3130, 0x318F},    // Hangul compatibility Jamo
    {0x31A0, 0x31BF},    // Bopomofo extended
    {0x31F0, 0x31FF},    // Katakana phonetic extensions
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xA960, 0xA97F},    // Hangul Jamo extended A
    {0xA9E0, 0xA9FF},    // Myanmar extended B
    {0xAA60, 0xAA7F},    // Myanmar extended A
    {0xAC00, 0xD7FF},    // Hangul syllables, Jamo extended B
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0xFF66, 0xFFDC},    // half-width Katakana and Hangul
    {0x16FE0, 0x16FFF},  // ideographic symbols
    {0x1B000, 0x1B16F},  // Kana supplement and extensions
    {0x20000, 0x323AF},  // CJK extensions B..H, compatibility supplement
};

constexpr std::array<CharClass, 128> make_ascii_table() {
  std::array<CharClass, 128> table{};
  for (int c = 0; c < 128; ++c) {
    bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    table[c] = word ? CharClass::kWord : CharClass::kSeparator;
  }
  return table;
}

constexpr std::array<CharClass, 128> kAsciiTable = make_ascii_table();

}  // namespace

CharClass classify_ascii(unsigned char c) {
  return kAsciiTable[c & 0x7F];
}

bool is_unspaced_script(char32_t cp) {
  if (cp < kUnspacedRanges[0].first) return false;
  auto it = std::upper_bound(std::begin(kUnspacedRanges), std::end(kUnspacedRanges), cp,
                             [](char32_t c, const Range& r) { return c < r.first; });
  return cp <= std::prev(it)->last;
}

CharClass classify(char32_t cp) {
  if (cp < 0x80) return kAsciiTable[cp];
  auto category = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->category;
  switch (category) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharClass::kMark;
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return is_unspaced_script(cp) ? CharClass::kSingle : CharClass::kWord;
    default:
      return CharClass::kSeparator;
  }
}

}  // namespace grove::text
