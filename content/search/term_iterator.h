#pragma once

// TermIterator: the iterator of one term in one indexed field, over its posting list. Unpacks
// the term frequency (and the positions, when ranking needs them) into its match-data slot.
//
// Thread-safety: confined to the query's thread.

#include "content/index/posting_iterator.h"
#include "content/ranking/match_data.h"
#include "content/search/search_iterator.h"

namespace grove::search {

class TermIterator final : public SearchIterator {
 public:
  TermIterator(const index::PostingView& view, RowId row_limit, ranking::TermFieldMatch* slot,
               bool unpack_positions)
      : postings_(view, row_limit), slot_(slot), unpack_positions_(unpack_positions) {}

  RowId seek(RowId target) override { return row_ = postings_.seek(target); }
  void unpack(RowId row) override {
    slot_->row = row;
    slot_->tf = postings_.tf();
    if (unpack_positions_) {
      std::span<const uint32_t> p = postings_.positions();
      slot_->positions = p.data();
      slot_->num_positions = static_cast<uint32_t>(p.size());
    }
  }

  // For the pruning matcher, which reads frequencies and block-max data directly.
  index::PostingIterator& postings() { return postings_; }
  ranking::TermFieldMatch* slot() const { return slot_; }

 private:
  index::PostingIterator postings_;
  ranking::TermFieldMatch* slot_;
  bool unpack_positions_;
};

}  // namespace grove::search
