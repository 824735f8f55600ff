#pragma once

// The boolean combinators.
//   AndIterator     leapfrog: the strict children (cheapest first) seek each other's rows;
//                   the filters (non-strict) are checked on the candidates they agree on.
//   OrIterator      merge: the smallest current row of its children (a linear scan for up to
//                   kLinearOrLimit children, a binary heap beyond that).
//   AndNotIterator  the positive child's hits that no negative child matches.
//
// Thread-safety: confined to the query's thread. No allocation per document.

#include <vector>

#include "content/search/search_iterator.h"

namespace grove::search {

class AndIterator final : public SearchIterator {
 public:
  // `strict` must not be empty; its first element leads.
  AndIterator(std::vector<SearchIteratorPtr> strict, std::vector<SearchIteratorPtr> filters)
      : strict_(std::move(strict)), filters_(std::move(filters)) {}
  RowId seek(RowId target) override;
  void unpack(RowId row) override;

 private:
  std::vector<SearchIteratorPtr> strict_;
  std::vector<SearchIteratorPtr> filters_;
};

class OrIterator final : public SearchIterator {
 public:
  static constexpr size_t kLinearOrLimit = 8;

  explicit OrIterator(std::vector<SearchIteratorPtr> children);
  RowId seek(RowId target) override;
  void unpack(RowId row) override;

 private:
  RowId seek_heap(RowId target);
  void sift_down(size_t i);

  std::vector<SearchIteratorPtr> children_;
  // Invariant: once primed_, rows_[i] is the current row of children_[i].
  std::vector<RowId> rows_;
  // Children with many children: indices into children_, a min-heap by rows_.
  std::vector<uint32_t> heap_;
  std::vector<uint32_t> stack_;  // scratch of unpack()
  bool primed_ = false;
};

class AndNotIterator final : public SearchIterator {
 public:
  AndNotIterator(SearchIteratorPtr positive, std::vector<SearchIteratorPtr> negatives)
      : positive_(std::move(positive)), negatives_(std::move(negatives)) {}
  RowId seek(RowId target) override;
  void unpack(RowId row) override { positive_->unpack(row); }

 private:
  SearchIteratorPtr positive_;
  std::vector<SearchIteratorPtr> negatives_;
};

}  // namespace grove::search
