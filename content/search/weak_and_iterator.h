#pragma once

// WeakAndIterator: Vespa's weakAnd. Like an OR of its children (one per query term), but a row
// is a hit only while it can enter the best `target_hits` seen so far, scored by the sum of the
// weights of the children that match it (weight = term weight / 100 * idf). Rows are visited in
// order; a hit's score joins a min-heap of size target_hits and the heap's minimum becomes the
// threshold. WAND pivoting skips every row whose best possible score cannot beat the threshold
// without looking at it, so the hits are exactly those a row-by-row scan with the same rule
// would keep (docs/query-evaluation.md). Inactive rows never count.
//
// With `exhaustive` (used when re-matching for the second phase) it behaves as a plain OR.
//
// Thread-safety: confined to the query's thread. No allocation per document.

#include <vector>

#include "content/index/active_bits.h"
#include "content/search/search_iterator.h"

namespace grove::search {

class WeakAndIterator final : public SearchIterator {
 public:
  WeakAndIterator(std::vector<SearchIteratorPtr> children, std::vector<double> weights,
                  uint32_t target_hits, index::ActiveBitsView active, bool exhaustive);
  RowId seek(RowId target) override;
  void unpack(RowId row) override;

 private:
  void advance_below(RowId target);
  void sort_by_row();
  RowId accept(RowId row, double score);
  double score_at(RowId row) const;
  void heap_push(double score);

  std::vector<SearchIteratorPtr> children_;
  std::vector<double> weights_;
  std::vector<RowId> rows_;      // current row of each child
  std::vector<uint32_t> order_;  // children by current row
  std::vector<double> heap_;     // min-heap of accepted scores
  uint32_t target_hits_;
  index::ActiveBitsView active_;
  bool exhaustive_;
  bool primed_ = false;
};

}  // namespace grove::search
