#pragma once

// Normalizer: NFKC and full case folding of UTF-8 text, the first step of all linguistics.
//
// The result equals utf8proc's NFKC_Casefold: compatibility decomposition, case folding
// ("Straße" -> "strasse", "ＡＢＣ" -> "abc", "ﬁ" -> "fi"), removal of default-ignorable
// characters (soft hyphen, zero-width joiner, ...) and canonical composition.
//
// Invalid UTF-8 never fails: each maximal invalid subpart is replaced by U+FFFD (see utf8.h), so
// the output is always valid UTF-8.
//
// ASCII is handled without utf8proc: runs of ASCII are only lower-cased. utf8proc sees only the
// non-ASCII runs (each with the ASCII character before it, which a combining mark may compose
// with), so mostly-English text costs about a copy.
//
// Usage:
//   Normalizer n;                                  // one per thread; reuses its buffers
//   std::string_view folded = n.normalize("Ångström");  // "ångström"
//   std::string s = normalize("ＡＢＣ");             // "abc", the one-shot form
//
// Confined to one thread: normalize() reuses internal buffers. Cheap to create.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grove::text {

class Normalizer {
 public:
  // Returns the normalized text. The view stays valid until the next call or destruction.
  std::string_view normalize(std::string_view text);

  // Appends the normalized form of `text` to `out`.
  void append_normalized(std::string_view text, std::string& out);

 private:
  void append_non_ascii(std::string_view segment, std::string& out);
  int64_t decompose(std::string_view segment);

  std::string out_;
  std::vector<int32_t> code_points_;  // utf8proc's working buffer
  std::string sanitized_;             // a segment with invalid UTF-8 replaced
};

// NFKC + case fold of a whole string, for word and exact matching. Thread-safe.
std::string normalize(std::string_view text);

}  // namespace grove::text
