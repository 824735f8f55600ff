#include "content/index/active_bits.h"

namespace grove::index {

void ActiveBits::grow_to(RowId row) {
  while (words_.size() <= (row >> 6)) words_.push_back(0);
}

void ActiveBits::set(RowId row) {
  grow_to(row);
  word_ref(row).fetch_or(uint64_t{1} << (row & 63), std::memory_order_relaxed);
}

void ActiveBits::clear(RowId row) {
  if (words_.size() <= (row >> 6)) return;
  word_ref(row).fetch_and(~(uint64_t{1} << (row & 63)), std::memory_order_relaxed);
}

bool ActiveBits::writer_test(RowId row) const {
  if (words_.size() <= (row >> 6)) return false;
  return (words_.writer_at(row >> 6) >> (row & 63)) & 1;
}

}  // namespace grove::index
