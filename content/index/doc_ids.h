#pragma once

// The two document numbers of the in-memory index.
//
//   LocalDocId  the caller's number for a document on this node (assigned by the integration
//               layer, e.g. a document meta store). Expected to be dense: the index keeps a
//               vector indexed by it.
//   RowId       the index's own number for one *version* of a document. Rows are handed out in
//               increasing order, so every posting list is appended in row order and stays
//               sorted without ever inserting in the middle. Re-adding a LocalDocId (an update)
//               retires the old row and takes a new one.
//
// Both are plain integers; thread-safe as values.

#include <cstdint>
#include <limits>

namespace grove::index {

using LocalDocId = uint32_t;
using RowId = uint32_t;

// One past every real row: the position of an iterator that has run out.
inline constexpr RowId kEndRow = std::numeric_limits<RowId>::max();
// Rows and local ids must stay below this (posting deltas keep one bit for a flag).
inline constexpr uint32_t kMaxRows = 1u << 31;

// Identifies an indexed field or an attribute by its position in IndexConfig.
using FieldId = uint32_t;
using AttributeId = uint32_t;

}  // namespace grove::index
