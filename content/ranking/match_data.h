#pragma once

// MatchData: what the matching iterators tell ranking about the current document, one slot per
// (query term, field) pair. An iterator that matched row r writes its slot with row = r; a slot
// whose row differs from the document being ranked did not match it. Slots are written by
// unpack() just before the document is scored, so no reset is needed between documents.
//
// Usage:
//   MatchData md(num_slots);
//   md.slot(3) = {row, tf, positions.data(), positions.size()};
//   if (md.slot(3).row == row) ... matched ...
//
// Thread-safety: confined to the thread running the query. Positions point into the iterator
// that wrote them and are valid until it moves.

#include <cstdint>
#include <span>
#include <vector>

#include "content/index/doc_ids.h"

namespace grove::ranking {

struct TermFieldMatch {
  index::RowId row = index::kEndRow;    // the row this slot describes
  uint32_t tf = 0;                      // occurrences (phrase: phrase occurrences)
  const uint32_t* positions = nullptr;  // sorted; only when the rank setup needs positions
  uint32_t num_positions = 0;

  std::span<const uint32_t> position_span() const { return {positions, num_positions}; }
};

class MatchData {
 public:
  explicit MatchData(size_t slots) : slots_(slots) {}
  TermFieldMatch& slot(uint32_t i) { return slots_[i]; }
  const TermFieldMatch& slot(uint32_t i) const { return slots_[i]; }
  size_t size() const { return slots_.size(); }

 private:
  std::vector<TermFieldMatch> slots_;
};

}  // namespace grove::ranking
