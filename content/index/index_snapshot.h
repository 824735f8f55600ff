#pragma once

// IndexSnapshot: a query's read view of the Index at its last commit: the row limit, corpus
// statistics, term lookup, field lengths, attributes, active bits and row -> local id.
//
// It holds a generation guard, so nothing it can reach is freed while it lives, and it never
// blocks the writer. Rows at or beyond row_limit() (added after the commit it sees) are
// invisible; removals committed after the snapshot was taken may or may not be seen by it.
//
// Usage:
//   IndexSnapshot snap = index.snapshot();
//   PostingIterator it(snap.lookup(field, "fox"), snap.row_limit());
//   if (snap.active().test(it.row())) ...
//
// Thread-safety: confined to one thread at a time (it is movable, not copyable); many
// snapshots may exist at once. Ownership: borrows the Index, which must outlive it.

#include <cstdint>
#include <string_view>
#include <vector>

#include "content/index/active_bits.h"
#include "content/index/attribute_view.h"
#include "content/index/field_index.h"
#include "content/index/generation_handler.h"
#include "content/index/posting_list.h"

namespace grove::index {

class Index;

// What one commit published: an immutable record read by snapshots.
struct CommitState {
  RowId row_limit = 0;
  uint64_t active_docs = 0;
  uint64_t indexed_docs = 0;  // live rows, active or not
  uint64_t alternate_docs = 0;  // live rows in the alternate active set (Index::begin_alternate)
  std::vector<FieldLengthStats> fields;  // indexed by FieldId
};

class IndexSnapshot {
 public:
  IndexSnapshot(IndexSnapshot&&) noexcept = default;
  IndexSnapshot& operator=(IndexSnapshot&&) noexcept = default;

  const IndexConfig& config() const;
  Generation generation() const { return guard_.generation(); }

  // Rows below this are visible.
  RowId row_limit() const { return state_->row_limit; }
  // Active documents (the N of BM25); of the alternate set in an alternate() snapshot.
  uint64_t active_docs() const { return alternate_ ? state_->alternate_docs : state_->active_docs; }
  // The same commit with the alternate active set (Index::begin_alternate) as its active bits:
  // what queries of a layout the node is leaving see.
  IndexSnapshot alternate() && {
    alternate_ = true;
    return std::move(*this);
  }
  // Documents indexed: the active ones and those added inactive (ready, not searched).
  uint64_t indexed_docs() const { return state_->indexed_docs; }
  const FieldLengthStats& field_stats(FieldId field) const { return state_->fields[field]; }

  // The postings of `term` in `field` (empty when absent). Its count is the term's document
  // frequency, which includes rows removed but not yet compacted away.
  PostingView lookup(FieldId field, std::string_view term) const;
  // Field length per row, indexed by row.
  const uint32_t* field_lengths(FieldId field) const;
  AttributeView attribute(AttributeId attribute) const;
  ActiveBitsView active() const;
  LocalDocId local_doc_id(RowId row) const;

 private:
  friend class Index;
  IndexSnapshot(const Index* index, GenerationHandler::Guard guard, const CommitState* state)
      : index_(index), guard_(std::move(guard)), state_(state) {}

  const Index* index_;
  GenerationHandler::Guard guard_;
  const CommitState* state_;
  bool alternate_ = false;
};

}  // namespace grove::index
