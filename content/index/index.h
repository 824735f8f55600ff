#pragma once

// Index: the in-memory index of one content node (DESIGN §8): per indexed field a term
// dictionary of posting lists and the field-length norms, per attribute a typed column, a bit
// vector of active rows and the corpus statistics BM25 needs.
//
// One writer thread feeds it with add()/remove() and makes its changes visible with commit().
// Queries take an IndexSnapshot at any time from any thread: they never wait for the writer and
// never take its lock. Memory the writer replaces is freed only once no snapshot that could see
// it is left (docs/concurrency.md).
//
// Usage:
//   auto index = Index::create(IndexConfig::from_schema(schema).value());
//   GROVE_RETURN_IF_ERROR((*index)->add(lid, input));   // writer thread
//   (*index)->commit();                                  // writer thread
//   IndexSnapshot snap = (*index)->snapshot();           // any thread
//
// Thread-safety: add(), remove(), commit(), shrink_to_fit() and memory_usage() are confined to
// one writer thread (externally serialized). snapshot() and config() are thread-safe.
// Ownership: the Index must outlive every snapshot taken from it.

#include <atomic>
#include <memory>
#include <vector>

#include "content/index/active_bits.h"
#include "content/index/attribute_column.h"
#include "content/index/field_index.h"
#include "content/index/generation_handler.h"
#include "content/index/generation_holder.h"
#include "content/index/index_config.h"
#include "content/index/index_input.h"
#include "content/index/index_snapshot.h"
#include "services/base/result.h"

namespace grove::index {

struct IndexMemoryUsage {
  size_t dictionary = 0;  // term hash tables, posting headers, term text
  size_t docs = 0;        // posting row/frequency streams
  size_t positions = 0;   // posting position streams
  size_t skip = 0;        // block skip/max data
  size_t lengths = 0;     // field-length norms
  size_t attributes = 0;  // attribute columns and their dictionaries
  size_t rows = 0;        // active bits, row -> local id, local id -> row
  size_t held = 0;        // retired memory waiting for old queries to finish
  uint64_t terms = 0;
  uint64_t postings = 0;

  size_t total() const {
    return dictionary + docs + positions + skip + lengths + attributes + rows + held;
  }
};

class Index {
 public:
  static Result<std::unique_ptr<Index>> create(IndexConfig config);
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  const IndexConfig& config() const { return config_; }

  // Writer. Indexes `input` as the document `lid` (below kMaxRows). If `lid` is present it is
  // replaced: the old version stays searchable until commit(). Fails with InvalidArgument,
  // changing nothing, when a field or attribute is unknown, repeated, or a value has the wrong
  // type; with ResourceExhausted when the rows run out.
  //
  // `active` false adds a ready but inactive row (DESIGN §4): indexed, but not in the active
  // bit vector (queries never return it) and not in the corpus statistics (active_docs(),
  // field lengths, document frequencies), so that copies of a document on several ready
  // replicas are counted once. To change a row's activity, add the document again.
  //
  // `replaced`, when `lid` is present, is the input its current row was added with: its terms
  // then leave their document frequencies at once. Without it the retired row's postings keep
  // counting in them (the rest of the statistics are exact either way).
  //
  // `alternate_active` is the row's bit in the alternate active set, while there is one.
  Status add(LocalDocId lid, const IndexInput& input, bool active = true,
             const IndexInput* replaced = nullptr, bool alternate_active = false);

  // Writer. Starts an alternate active set, a copy of the active bits now, for queries that
  // must keep seeing the activation of a layout being left (IndexSnapshot::alternate()); from
  // then on each add() says the new row's bit in it. end_alternate() drops it. Visible at the
  // next commit().
  void begin_alternate();
  void end_alternate();
  bool has_alternate() const { return alternate_on_; }

  // Writer. Removes `lid` at the next commit(). NotFound if it is not present. `removed` is the
  // input it was added with, as for add().
  Status remove(LocalDocId lid, const IndexInput* removed = nullptr);

  // Writer. Publishes everything added and removed since the last commit, starts a new
  // generation and frees retired memory no snapshot can see any more.
  void commit();

  // Writer. Trims every growable buffer to its size (worth it after a bulk load); the old
  // buffers are held until the queries that may read them are done.
  void shrink_to_fit();

  // Writer. Frees retired memory no snapshot can see any more; returns the bytes freed.
  size_t reclaim() { return holder_.reclaim(); }

  IndexMemoryUsage memory_usage() const;

  // Writer: whether `lid` is present (added and not removed, committed or not).
  bool contains(LocalDocId lid) const;

  // Any thread: a consistent read view of the last commit.
  IndexSnapshot snapshot() const;

  // For tests and metrics.
  const GenerationHandler& generations() const { return generations_; }
  size_t held_bytes() const { return holder_.held_bytes(); }

 private:
  friend class IndexSnapshot;
  explicit Index(IndexConfig config);
  Status validate(LocalDocId lid, const IndexInput& input,
                  std::vector<const IndexFieldInput*>& fields,
                  std::vector<const AttributeValue*>& attributes) const;
  void retire_row(RowId row, const IndexInput* previous);
  void publish_state();

  IndexConfig config_;
  GenerationHandler generations_;
  GenerationHolder holder_;
  std::vector<std::unique_ptr<FieldIndex>> fields_;
  std::vector<std::unique_ptr<AttributeColumn>> attributes_;
  ActiveBits active_;
  // The alternate active set: every row has a bit (clear while there is no set).
  ActiveBits alternate_;
  bool alternate_on_ = false;      // writer only
  uint64_t alternate_count_ = 0;   // writer view: live rows with their alternate bit set
  // Invariant: row_lid_[row] is the local id the row was added for; size == next_row_.
  RcuVector<LocalDocId> row_lid_;
  // Writer only. Invariant: lid_row_[lid] is the live row of lid, or kEndRow.
  std::vector<RowId> lid_row_;
  RowId next_row_ = 0;
  // Writer view, including uncommitted changes. Invariant: the number of live rows added
  // active; a row's bit in active_ tells (until commit() clears a retired row's bit) whether
  // it was, so retiring it needs no other record.
  uint64_t active_count_ = 0;
  uint64_t live_count_ = 0;  // writer view: rows added and not retired, active or not
  std::vector<RowId> pending_removals_;
  // Invariant: owned by state_memory_; published with release after everything it describes.
  std::atomic<const CommitState*> state_{nullptr};
  OwnedMemory state_memory_;
};

}  // namespace grove::index
