#pragma once

// ActiveBits: one bit per row, set while the row is the live version of a searchable document.
// Queries only return active rows; removing a document (or replacing it with a new row) clears
// its bit, and its postings are skipped from then on (see docs/concurrency.md).
//
// Words are changed in place with std::atomic_ref, so queries that read the current block see a
// removal as soon as the writer makes it; queries that still read an older block (after a
// growth) see the older state.
//
// Thread-safety: view() from any thread holding a generation guard; the rest writer only.

#include <atomic>
#include <bit>
#include <cstdint>

#include "content/index/doc_ids.h"
#include "content/index/rcu_vector.h"

namespace grove::index {

// A query's view of the bits; rows below the snapshot's row limit.
class ActiveBitsView {
 public:
  ActiveBitsView() = default;
  explicit ActiveBitsView(const uint64_t* words) : words_(words) {}

  bool test(RowId row) const { return (load(row >> 6) >> (row & 63)) & 1; }
  // The word holding rows [64 * i, 64 * i + 64).
  uint64_t word(uint32_t i) const { return load(i); }

 private:
  uint64_t load(uint32_t i) const {
    return std::atomic_ref<uint64_t>(const_cast<uint64_t&>(words_[i]))
        .load(std::memory_order_relaxed);
  }
  const uint64_t* words_ = nullptr;
};

class ActiveBits {
 public:
  explicit ActiveBits(GenerationHolder& holder) : words_(holder) {}

  // Writer: sets or clears the bit of `row`, growing to hold it (clear() does not grow).
  void set(RowId row);
  void clear(RowId row);
  // Writer: grows to hold `row` with its bit clear (a row that is visible but never active).
  void grow_to(RowId row);
  bool writer_test(RowId row) const;

  ActiveBitsView view() const { return ActiveBitsView(words_.data()); }
  size_t allocated_bytes() const { return words_.allocated_bytes(); }

 private:
  std::atomic_ref<uint64_t> word_ref(RowId row) {
    return std::atomic_ref<uint64_t>(words_.writer_at(row >> 6));
  }
  RcuVector<uint64_t> words_;
};

}  // namespace grove::index
