#pragma once

// SearchIterator: a matching iterator over rows, the executor side of a query node. Iterators
// are built per query from the plan (blueprint.h) and walked by the matcher.
//
// Protocol (Vespa's): rows only move forward.
//   seek(target)     strict: moves to the first hit >= target and returns it (kEndRow at the
//                    end). The first call may have any target, including 0.
//   matches(target)  non-strict: whether `target` is a hit. Used for filters and exclusions,
//                    which are checked only on candidates found by a strict sibling.
//   unpack(row)      after `row` was reported as a hit: writes the match data (term frequency,
//                    positions) ranking will read.
// Targets passed to seek() and matches() never decrease.
//
// Thread-safety: confined to the query's thread. No allocation per document.

#include <memory>

#include "content/index/active_bits.h"
#include "content/index/doc_ids.h"

namespace grove::search {

using index::kEndRow;
using index::RowId;

class SearchIterator {
 public:
  virtual ~SearchIterator() = default;

  virtual RowId seek(RowId target) = 0;
  virtual bool matches(RowId target) { return seek(target) == target; }
  virtual void unpack(RowId row) {}

  // The row of the last hit returned by seek() (meaningful after the first seek()).
  RowId row() const { return row_; }

 protected:
  RowId row_ = 0;
};

using SearchIteratorPtr = std::unique_ptr<SearchIterator>;

// Matches nothing.
class EmptyIterator final : public SearchIterator {
 public:
  RowId seek(RowId) override { return row_ = kEndRow; }
  bool matches(RowId) override { return false; }
};

// Matches every active row below the row limit, skipping inactive ones a word at a time.
class TrueIterator final : public SearchIterator {
 public:
  TrueIterator(index::ActiveBitsView active, RowId row_limit)
      : active_(active), row_limit_(row_limit) {}
  RowId seek(RowId target) override;
  bool matches(RowId target) override { return target < row_limit_ && active_.test(target); }

 private:
  index::ActiveBitsView active_;
  RowId row_limit_;
};

}  // namespace grove::search
