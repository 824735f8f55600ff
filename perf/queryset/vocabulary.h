#pragma once

// Vocabulary: the document frequency of every plain word of a corpus' text field (see
// perf/common/simple_tokenizer.h), and the rules that make a word or an adjacent run of words a
// candidate for a benchmark query:
//   - an AND/OR term is a plain word whose document frequency lies in the band
//     [min_df, max_df] and that occurs in the document with safe separators on both sides;
//   - a phrase is a run of n plain words with safe separators around and between them, at least
//     one of which lies in the band.
//
// Usage:
//   Vocabulary vocabulary;
//   for each document: vocabulary.add_document(tokenizer.tokenize(text), tokenizer);
//   vocabulary.set_band(10, docs / 10);
//   std::vector<std::string_view> terms = vocabulary.term_candidates(tokens, tokenizer);
//
// Owned by the query generator; confined to one thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "perf/common/simple_tokenizer.h"

namespace grove::perf {

class Vocabulary {
 public:
  // Counts the distinct plain words of one document.
  void add_document(const std::vector<Token>& tokens, const SimpleTokenizer& tokenizer);

  void set_band(uint64_t min_df, uint64_t max_df);
  uint64_t min_df() const { return min_df_; }
  uint64_t max_df() const { return max_df_; }

  uint64_t documents() const { return documents_; }
  uint64_t words() const { return words_.size(); }
  // Plain words whose document frequency lies in the band.
  uint64_t band_words() const;
  uint64_t df(std::string_view word) const;
  bool in_band(std::string_view word) const;

  // The distinct AND/OR candidates of a document, in order of first occurrence. The views point
  // into the tokenizer's buffer.
  std::vector<std::string_view> term_candidates(const std::vector<Token>& tokens,
                                                const SimpleTokenizer& tokenizer);

  // Whether tokens[start, start + n) is a phrase candidate.
  bool phrase_at(const std::vector<Token>& tokens, const SimpleTokenizer& tokenizer, size_t start,
                 size_t n) const;

  // The number of phrase candidates of length n in a document.
  uint32_t count_phrases(const std::vector<Token>& tokens, const SimpleTokenizer& tokenizer,
                         size_t n) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Entry {
    uint32_t df = 0;
    uint32_t last_document = 0;  // 1 + the ordinal of the last document counted
  };

  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> words_;
  uint64_t documents_ = 0;
  uint64_t min_df_ = 1;
  uint64_t max_df_ = UINT64_MAX;  // Invariant: min_df_ <= max_df_
  std::unordered_set<std::string_view, Hash, std::equal_to<>> seen_;  // scratch
};

}  // namespace grove::perf
