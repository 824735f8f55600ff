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

RowId OrIterator::seek(RowId target) {
  RowId best = kEndRow;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!primed_ || rows_[i] < target) rows_[i] = children_[i]->seek(target);
    best = std::min(best, rows_[i]);
  }
  primed_ = true;
  return row_ = best;
}

void OrIterator::unpack(RowId row) {
  for (size_t i = 0; i < children_.size(); ++i) {
    if (rows_[i] == row) children_[i]->unpack(row);
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
