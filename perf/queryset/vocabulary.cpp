#include "perf/queryset/vocabulary.h"

#include "services/base/assert.h"

namespace grove::perf {

void Vocabulary::add_document(const std::vector<Token>& tokens, const SimpleTokenizer& tokenizer) {
  ++documents_;
  const uint32_t stamp = static_cast<uint32_t>(documents_);
  for (const Token& t : tokens) {
    if (!t.plain) continue;
    std::string_view word = tokenizer.term(t);
    auto it = words_.find(word);
    if (it == words_.end()) it = words_.emplace(std::string(word), Entry{}).first;
    if (it->second.last_document == stamp) continue;
    it->second.last_document = stamp;
    ++it->second.df;
  }
}

void Vocabulary::set_band(uint64_t min_df, uint64_t max_df) {
  GROVE_ASSERT(min_df <= max_df);
  min_df_ = min_df;
  max_df_ = max_df;
}

uint64_t Vocabulary::band_words() const {
  uint64_t n = 0;
  for (const auto& [word, entry] : words_) n += entry.df >= min_df_ && entry.df <= max_df_;
  return n;
}

uint64_t Vocabulary::df(std::string_view word) const {
  auto it = words_.find(word);
  return it == words_.end() ? 0 : it->second.df;
}

bool Vocabulary::in_band(std::string_view word) const {
  uint64_t n = df(word);
  return n >= min_df_ && n <= max_df_;
}

std::vector<std::string_view> Vocabulary::term_candidates(const std::vector<Token>& tokens,
                                                          const SimpleTokenizer& tokenizer) {
  std::vector<std::string_view> out;
  seen_.clear();
  for (const Token& t : tokens) {
    if (!t.plain || !t.safe_before || !t.safe_after) continue;
    std::string_view word = tokenizer.term(t);
    if (!in_band(word) || !seen_.insert(word).second) continue;
    out.push_back(word);
  }
  return out;
}

bool Vocabulary::phrase_at(const std::vector<Token>& tokens, const SimpleTokenizer& tokenizer,
                           size_t start, size_t n) const {
  if (start + n > tokens.size() || !tokens[start].safe_before) return false;
  bool any_in_band = false;
  for (size_t i = start; i < start + n; ++i) {
    if (!tokens[i].plain || !tokens[i].safe_after) return false;
    any_in_band = any_in_band || in_band(tokenizer.term(tokens[i]));
  }
  return any_in_band;
}

uint32_t Vocabulary::count_phrases(const std::vector<Token>& tokens,
                                   const SimpleTokenizer& tokenizer, size_t n) const {
  uint32_t count = 0;
  for (size_t i = 0; i + n <= tokens.size(); ++i) count += phrase_at(tokens, tokenizer, i, n);
  return count;
}

}  // namespace grove::perf
