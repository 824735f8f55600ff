#pragma once

// TopK: keeps the best `k` items seen in a bounded heap whose top is the worst kept item, so
// a new item is compared with one element and inserted in O(log k). `Better(a, b)` is true
// when a ranks before b; it must be a strict weak order (ties broken by row).
//
// RelevanceTopK ranks scored rows by score, then by lower row: since rows are visited in
// increasing order, a later row never displaces an equal score, which makes pruning exact.
//
// Usage:
//   RelevanceTopK top(10);
//   top.add({row, score});
//   if (top.full() && bound <= top.worst().score) skip...;
//   std::vector<ScoredRow> best = top.take_sorted();   // best first
//
// Thread-safety: confined to the query's thread. Allocates only in the constructor.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "content/index/doc_ids.h"

namespace grove::search {

struct ScoredRow {
  double score;
  index::RowId row;
};

struct ByRelevance {
  bool operator()(const ScoredRow& a, const ScoredRow& b) const {
    return a.score > b.score || (a.score == b.score && a.row < b.row);
  }
};

template <typename Item, typename Better>
class TopK {
 public:
  explicit TopK(uint32_t k, Better better = Better()) : k_(k), better_(better) { heap_.reserve(k); }

  // Keeps `item` if it is among the best k so far; returns whether it was kept.
  bool add(const Item& item) {
    if (heap_.size() < k_) {
      heap_.push_back(item);
      std::push_heap(heap_.begin(), heap_.end(), better_);
      return true;
    }
    if (k_ == 0 || !better_(item, heap_.front())) return false;
    std::pop_heap(heap_.begin(), heap_.end(), better_);
    heap_.back() = item;
    std::push_heap(heap_.begin(), heap_.end(), better_);
    return true;
  }

  bool full() const { return heap_.size() >= k_; }
  size_t size() const { return heap_.size(); }
  // The worst kept item (requires size() > 0).
  const Item& worst() const { return heap_.front(); }

  // The kept items, best first; leaves the collector empty.
  std::vector<Item> take_sorted() {
    std::sort_heap(heap_.begin(), heap_.end(), better_);
    return std::move(heap_);
  }

 private:
  uint32_t k_;
  Better better_;
  // Invariant: a heap under better_, so front() is the worst kept item.
  std::vector<Item> heap_;
};

using RelevanceTopK = TopK<ScoredRow, ByRelevance>;

// NaN sorts last.
inline double sanitize_score(double s) {
  return std::isnan(s) ? -std::numeric_limits<double>::infinity() : s;
}

}  // namespace grove::search
