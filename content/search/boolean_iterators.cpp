#include "content/search/boolean_iterators.h"

#include <algorithm>
#include <bit>

namespace grove::search {

RowId TrueIterator::seek(RowId target) {
  for (RowId r = target; r < row_limit_;) {
    const uint64_t word = active_.word(r >> 6) >> (r & 63);
    if (word != 0) {
      r += static_cast<RowId>(std::countr_zero(word));
      return row_ = r < row_limit_ ? r : kEndRow;
    }
    r = (r | 63) + 1;
  }
  return row_ = kEndRow;
}

RowId AndIterator::seek(RowId target) {
  RowId candidate = strict_[0]->seek(target);
  while (candidate != kEndRow) {
    RowId next = candidate;
    for (size_t i = 1; i < strict_.size() && next == candidate; ++i) {
      next = strict_[i]->seek(candidate);
    }
    if (next != candidate) {
      candidate = strict_[0]->seek(next);
      continue;
    }
    bool ok = true;
    for (size_t i = 0; i < filters_.size() && ok; ++i) ok = filters_[i]->matches(candidate);
    if (ok) return row_ = candidate;
    candidate = strict_[0]->seek(candidate + 1);
  }
  return row_ = kEndRow;
}

void AndIterator::unpack(RowId row) {
  for (auto& child : strict_) child->unpack(row);
  for (auto& child : filters_) child->unpack(row);
}

OrIterator::OrIterator(std::vector<SearchIteratorPtr> children)
    : children_(std::move(children)), rows_(children_.size(), 0) {
  if (children_.size() > kLinearOrLimit) {
    heap_.resize(children_.size());
    stack_.reserve(2 * children_.size() + 1);  // unpack() pushes at most this many
  }
}

void OrIterator::sift_down(size_t i) {
  const size_t n = heap_.size();
  for (;;) {
    size_t smallest = i;
    const size_t left = 2 * i + 1;
    if (left < n && rows_[heap_[left]] < rows_[heap_[smallest]]) smallest = left;
    if (left + 1 < n && rows_[heap_[left + 1]] < rows_[heap_[smallest]]) smallest = left + 1;
    if (smallest == i) return;
    std::swap(heap_[i], heap_[smallest]);
    i = smallest;
  }
}

RowId OrIterator::seek_heap(RowId target) {
  if (!primed_) {
    for (uint32_t i = 0; i < children_.size(); ++i) {
      rows_[i] = children_[i]->seek(target);
      heap_[i] = i;
    }
    for (size_t i = heap_.size() / 2; i-- > 0;) sift_down(i);
    primed_ = true;
  }
  while (rows_[heap_[0]] < target) {
    rows_[heap_[0]] = children_[heap_[0]]->seek(target);
    sift_down(0);
  }
  return row_ = rows_[heap_[0]];
}

RowId OrIterator::seek(RowId target) {
  if (!heap_.empty()) return seek_heap(target);
  RowId best = kEndRow;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!primed_ || rows_[i] < target) rows_[i] = children_[i]->seek(target);
    best = std::min(best, rows_[i]);
  }
  primed_ = true;
  return row_ = best;
}

void OrIterator::unpack(RowId row) {
  if (heap_.empty()) {
    for (size_t i = 0; i < children_.size(); ++i) {
      if (rows_[i] == row) children_[i]->unpack(row);
    }
    return;
  }
  // The children at `row` form a subtree at the top of the heap.
  stack_.clear();
  stack_.push_back(0);
  while (!stack_.empty()) {
    const uint32_t node = stack_.back();
    stack_.pop_back();
    if (node >= heap_.size() || rows_[heap_[node]] != row) continue;
    children_[heap_[node]]->unpack(row);
    stack_.push_back(2 * node + 1);
    stack_.push_back(2 * node + 2);
  }
}

RowId AndNotIterator::seek(RowId target) {
  RowId candidate = positive_->seek(target);
  while (candidate != kEndRow) {
    bool excluded = false;
    for (size_t i = 0; i < negatives_.size() && !excluded; ++i) {
      excluded = negatives_[i]->matches(candidate);
    }
    if (!excluded) return row_ = candidate;
    candidate = positive_->seek(candidate + 1);
  }
  return row_ = kEndRow;
}

}  // namespace grove::search
