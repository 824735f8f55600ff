#pragma once

// Tokenizer: turns field or query text into the terms of the inverted index. Feeding and
// querying run the same code, so a query term matches exactly what indexing produced.
//
// Steps (see docs/linguistics.md):
//   1. normalize: NFKC + case fold (normalizer.h); invalid UTF-8 becomes U+FFFD;
//   2. split: a token is a maximal run of letters (L*) and numbers (N*), with the combining marks
//      (M*) that follow them; everything else separates (U+FFFD too, so invalid bytes never end
//      up in a term). Letters of scripts written without spaces (CJK, Hangul, Thai, ...) are one
//      token each, with their marks;
//   3. stem (Stemming::kBest): Snowball English on every token that is not such a single
//      character.
// Token positions count tokens: 0, 1, 2, ... without gaps, for phrase matching. A token longer
// than kMaxTokenBytes is dropped (it would never be queried) but still takes its position, so
// that a phrase cannot match across it.
//
// Usage:
//   Tokenizer tokenizer;  // one per thread, reused for every field of every document
//   for (const Token& t : tokenizer.tokenize("Running dogs", Stemming::kBest)) {
//     index.add(t.term, t.position);  // "run"@0, "dog"@1
//   }
//
// Confined to one thread (libstemmer is not thread-safe, and the buffers are reused). Cheap to
// create; the stemmer (with its stem cache, 256 KiB by default) is created on the first use of
// Stemming::kBest. In the steady state tokenize() allocates nothing.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "services/text/english_stemmer.h"
#include "services/text/normalizer.h"

namespace grove::text {

enum class Stemming { kNone, kBest };  // kBest = Snowball English

struct Token {
  std::string_view term;  // points into the tokenizer's buffer
  uint32_t position;
};

class Tokenizer {
 public:
  static constexpr size_t kMaxTokenBytes = 1000;

  // `stem_cache_slots`: the size of the stemmer's cache of recent stems (EnglishStemmer).
  explicit Tokenizer(size_t stem_cache_slots = EnglishStemmer::kDefaultCacheSlots);
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;

  // Normalizes, folds case, splits and (optionally) stems `text`, which may be any bytes.
  // The returned tokens stay valid until the next call. Never fails.
  const std::vector<Token>& tokenize(std::string_view text, Stemming stemming);

 private:
  struct Span {
    uint32_t offset;
    uint32_t size;
    uint32_t position;
    bool single;   // one character of an unspaced script: never stemmed
    bool stemmed;  // offset is in stems_ rather than normalized_
  };

  void split();
  void end_token(size_t begin, size_t end, bool single);
  void stem_spans();
  void make_tokens();

  Normalizer normalizer_;
  size_t stem_cache_slots_;
  std::unique_ptr<EnglishStemmer> stemmer_;  // created on first use of Stemming::kBest
  std::string normalized_;
  std::string stems_;
  // Invariant: every span lies inside normalized_ (or stems_ when stemmed); positions ascend.
  std::vector<Span> spans_;
  std::vector<Token> tokens_;
  uint32_t next_position_ = 0;
};

}  // namespace grove::text
