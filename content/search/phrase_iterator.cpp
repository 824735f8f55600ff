#include "content/search/phrase_iterator.h"

#include <algorithm>
#include <numeric>

namespace grove::search {

PhraseIterator::PhraseIterator(const std::vector<index::PostingView>& words, RowId row_limit,
                               bool has_positions, ranking::TermFieldMatch* slot)
    : order_(words.size()),
      has_positions_(has_positions),
      slot_(slot),
      spans_(words.size()),
      cursor_(words.size()) {
  for (const index::PostingView& v : words) {
    words_.push_back(std::make_unique<index::PostingIterator>(v, row_limit));
  }
  std::iota(order_.begin(), order_.end(), 0);
  std::stable_sort(order_.begin(), order_.end(),
                   [&](uint32_t a, uint32_t b) { return words[a].count < words[b].count; });
}

uint32_t PhraseIterator::count_occurrences() {
  if (!has_positions_) {
    uint32_t tf = UINT32_MAX;
    for (auto& w : words_) tf = std::min(tf, w->tf());
    return tf;
  }
  // Positions of every word are decoded into each iterator's own buffer.
  for (size_t k = 0; k < words_.size(); ++k) spans_[k] = words_[k]->positions();
  starts_.clear();
  std::fill(cursor_.begin(), cursor_.end(), 0);
  for (uint32_t start : spans_[0]) {
    bool all = true;
    for (size_t k = 1; k < words_.size() && all; ++k) {
      const std::span<const uint32_t> p = spans_[k];
      size_t& c = cursor_[k];
      while (c < p.size() && p[c] < start + k) ++c;
      if (c == p.size()) return static_cast<uint32_t>(starts_.size());  // word k is used up
      all = p[c] == start + k;
    }
    if (all) starts_.push_back(start);
  }
  return static_cast<uint32_t>(starts_.size());
}

RowId PhraseIterator::next_candidate(RowId target) {
  index::PostingIterator& lead = *words_[order_[0]];
  RowId candidate = lead.seek(target);
  while (candidate != kEndRow) {
    RowId next = candidate;
    for (size_t i = 1; i < order_.size() && next == candidate; ++i) {
      next = words_[order_[i]]->seek(candidate);
    }
    if (next == candidate) return candidate;
    candidate = lead.seek(next);
  }
  return kEndRow;
}

uint32_t PhraseIterator::min_word_tf() const {
  uint32_t tf = UINT32_MAX;
  for (const auto& w : words_) tf = std::min(tf, w->tf());
  return tf;
}

bool PhraseIterator::verify(RowId candidate) {
  occurrences_ = count_occurrences();
  if (occurrences_ == 0) return false;
  row_ = candidate;
  return true;
}

RowId PhraseIterator::seek(RowId target) {
  for (RowId candidate = next_candidate(target); candidate != kEndRow;
       candidate = next_candidate(candidate + 1)) {
    if (verify(candidate)) return row_;
  }
  return row_ = kEndRow;
}

void PhraseIterator::unpack(RowId row) {
  slot_->row = row;
  slot_->tf = occurrences_;
  slot_->positions = has_positions_ ? starts_.data() : nullptr;
  slot_->num_positions = has_positions_ ? occurrences_ : 0;
}

}  // namespace grove::search
