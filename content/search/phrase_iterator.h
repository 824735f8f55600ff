#pragma once

// PhraseIterator: rows where the words of a phrase occur at consecutive positions of one field.
// The word posting lists are intersected by leapfrog (rarest first); each candidate's
// positions are then merged word by word. Unpacks the number of phrase occurrences as the term
// frequency and their start positions. In a field that keeps no positions it matches like an
// AND of the words (documented in docs/query-evaluation.md).
//
// Thread-safety: confined to the query's thread. No allocation per document once the position
// buffer has grown to the largest occurrence count seen.

#include <memory>
#include <vector>

#include "content/index/posting_iterator.h"
#include "content/ranking/match_data.h"
#include "content/search/search_iterator.h"

namespace grove::search {

class PhraseIterator final : public SearchIterator {
 public:
  // `words` in phrase order; all from the same field.
  PhraseIterator(const std::vector<index::PostingView>& words, RowId row_limit, bool has_positions,
                 ranking::TermFieldMatch* slot);
  RowId seek(RowId target) override;
  void unpack(RowId row) override;

  // For the pruning matcher, which checks adjacency only where it could matter:
  // the first row >= target holding every word (adjacency not yet checked), the smallest
  // word frequency there (a bound of the phrase frequency), and the adjacency check, which
  // makes the candidate the current hit when it succeeds.
  RowId next_candidate(RowId target);
  uint32_t min_word_tf() const;
  bool verify(RowId candidate);
  uint32_t occurrences() const { return occurrences_; }
  size_t word_count() const { return words_.size(); }
  index::PostingIterator& word(size_t i) { return *words_[i]; }

 private:
  // Number of phrase occurrences in the current row of every word iterator (which agree).
  uint32_t count_occurrences();

  std::vector<std::unique_ptr<index::PostingIterator>> words_;  // phrase order
  std::vector<uint32_t> order_;                                 // rarest word first
  bool has_positions_;
  ranking::TermFieldMatch* slot_;
  std::vector<uint32_t> starts_;  // phrase start positions in the current row
  std::vector<std::span<const uint32_t>> spans_;  // scratch per word: its positions
  std::vector<size_t> cursor_;                    // scratch per word
  uint32_t occurrences_ = 0;
};

}  // namespace grove::search
