#include "perf/common/simple_tokenizer.h"

namespace grove::perf {

namespace {

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_safe_punctuation(unsigned char c) {
  return c != 0 &&
         std::string_view(",;:!?()[]{}\"").find(static_cast<char>(c)) != std::string_view::npos;
}

// Whether the separator text between two tokens (or at an edge, `edge`) is safe.
bool safe_separator(std::string_view sep, bool edge) {
  if (sep.empty()) return edge;
  bool has_space = false;
  bool has_dot = false;
  for (unsigned char c : sep) {
    if (is_space(c)) {
      has_space = true;
    } else if (c == '.') {
      has_dot = true;
    } else if (!is_safe_punctuation(c)) {
      return false;
    }
  }
  return !has_dot || has_space || edge;
}

}  // namespace

const std::vector<Token>& SimpleTokenizer::tokenize(std::string_view text) {
  lowered_.assign(text);
  tokens_.clear();
  const size_t n = lowered_.size();
  size_t previous_end = 0;
  size_t i = 0;
  while (i < n) {
    if (!is_token_byte(static_cast<unsigned char>(lowered_[i]))) {
      ++i;
      continue;
    }
    Token t;
    t.offset = static_cast<uint32_t>(i);
    t.plain = true;
    for (; i < n && is_token_byte(static_cast<unsigned char>(lowered_[i])); ++i) {
      char& c = lowered_[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c < 'a' || c > 'z') t.plain = false;
    }
    t.length = static_cast<uint32_t>(i - t.offset);
    std::string_view before(lowered_.data() + previous_end, t.offset - previous_end);
    t.safe_before = safe_separator(before, tokens_.empty());
    if (!tokens_.empty()) tokens_.back().safe_after = t.safe_before;
    tokens_.push_back(t);
    previous_end = i;
  }
  if (!tokens_.empty()) {
    std::string_view tail(lowered_.data() + previous_end, n - previous_end);
    tokens_.back().safe_after = safe_separator(tail, true);
  }
  return tokens_;
}

}  // namespace grove::perf
