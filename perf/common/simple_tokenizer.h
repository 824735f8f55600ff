#pragma once

// SimpleTokenizer: the plain tokenizer the query-set generator draws its terms with. A token is a
// maximal run of ASCII letters, ASCII digits and bytes >= 0x80 (so "café" stays one token rather
// than leaving a stray "caf"); ASCII letters are lowercased.
//
// The peers (Xapian's TermGenerator, FTS5's unicode61) and Grove each tokenize with their own
// rules, which agree on plain lowercase words but not on words glued by apostrophes, dots or
// hyphens ("father's", "U.S.", "1.5"). Each token therefore says whether it is a plain word
// (letters a-z only) and whether the separators on its two sides are "safe": made only of
// whitespace and , ; : ! ? ( ) [ ] { } " (a '.' only next to whitespace), or the start/end of
// the text. A term or phrase built from plain words with safe separators means the same thing
// to every engine. See perf/common/docs/queryset.md.
//
// Usage:
//   SimpleTokenizer tokenizer;
//   for (const Token& t : tokenizer.tokenize(text)) use(tokenizer.term(t), t.plain);
//
// Owned by its caller; confined to one thread (it reuses its buffers).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grove::perf {

struct Token {
  uint32_t offset = 0;  // byte offset in the text
  uint32_t length = 0;  // bytes
  bool plain = false;   // only ASCII letters
  bool safe_before = false;
  bool safe_after = false;
};

class SimpleTokenizer {
 public:
  // Tokenizes `text`. The returned tokens (and the terms they name) stay valid until the next
  // call.
  const std::vector<Token>& tokenize(std::string_view text);

  // The lowercased text of a token from the last tokenize().
  std::string_view term(const Token& t) const {
    return std::string_view(lowered_).substr(t.offset, t.length);
  }

 private:
  std::string lowered_;  // Invariant: the last text with A-Z mapped to a-z (same offsets)
  std::vector<Token> tokens_;
};

// True for the bytes that make up tokens.
inline bool is_token_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace grove::perf
