#include "content/search/weak_and_iterator.h"

#include <algorithm>
#include <functional>
#include <numeric>

namespace grove::search {

WeakAndIterator::WeakAndIterator(std::vector<SearchIteratorPtr> children,
                                 std::vector<double> weights, uint32_t target_hits,
                                 index::ActiveBitsView active, bool exhaustive)
    : children_(std::move(children)),
      weights_(std::move(weights)),
      rows_(children_.size(), 0),
      order_(children_.size()),
      target_hits_(std::max<uint32_t>(1, target_hits)),
      active_(active),
      exhaustive_(exhaustive) {
  std::iota(order_.begin(), order_.end(), 0);
  heap_.reserve(target_hits_);
}

void WeakAndIterator::advance_below(RowId target) {
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!primed_ || rows_[i] < target) rows_[i] = children_[i]->seek(target);
  }
  primed_ = true;
}

void WeakAndIterator::sort_by_row() {
  // Insertion sort: the order changes little between calls.
  for (size_t i = 1; i < order_.size(); ++i) {
    const uint32_t c = order_[i];
    size_t j = i;
    for (; j > 0 && rows_[order_[j - 1]] > rows_[c]; --j) order_[j] = order_[j - 1];
    order_[j] = c;
  }
}

double WeakAndIterator::score_at(RowId row) const {
  double score = 0;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (rows_[i] == row) score += weights_[i];
  }
  return score;
}

void WeakAndIterator::heap_push(double score) {
  if (heap_.size() < target_hits_) {
    heap_.push_back(score);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    return;
  }
  std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
  heap_.back() = score;
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
}

RowId WeakAndIterator::accept(RowId row, double score) {
  if (!exhaustive_) heap_push(score);
  return row_ = row;
}

RowId WeakAndIterator::seek(RowId target) {
  advance_below(target);
  for (;;) {
    sort_by_row();
    const bool full = !exhaustive_ && heap_.size() >= target_hits_;
    if (!full) {
      const RowId row = rows_[order_[0]];
      if (row == kEndRow) return row_ = kEndRow;
      if (!active_.test(row)) {
        advance_below(row + 1);
        continue;
      }
      return accept(row, score_at(row));
    }
    const double threshold = heap_.front();
    double bound = 0;
    size_t pivot = 0;
    for (; pivot < order_.size(); ++pivot) {
      bound += weights_[order_[pivot]];
      if (bound > threshold) break;
    }
    if (pivot == order_.size()) return row_ = kEndRow;
    const RowId pivot_row = rows_[order_[pivot]];
    if (pivot_row == kEndRow) return row_ = kEndRow;
    if (rows_[order_[0]] == pivot_row) {
      const double score = score_at(pivot_row);
      if (score > threshold && active_.test(pivot_row)) return accept(pivot_row, score);
      advance_below(pivot_row + 1);
      continue;
    }
    // Every row before pivot_row is covered by lists whose weights cannot beat the threshold.
    const uint32_t c = order_[0];
    rows_[c] = children_[c]->seek(pivot_row);
  }
}

void WeakAndIterator::unpack(RowId row) {
  for (size_t i = 0; i < children_.size(); ++i) {
    if (rows_[i] == row) children_[i]->unpack(row);
  }
}

}  // namespace grove::search
