#pragma once

// FieldIndex: the inverted index of one indexed field: a term dictionary (StringTable) whose
// entries hold PostingLists, the field length of every row (the BM25 norm), and the field's
// length statistics.
//
// Usage (writer):  field.add(row, tokens); ... field.publish();
// Usage (query):   PostingView v = field.lookup("fox"); const uint32_t* len = field.lengths();
//
// Thread-safety: lookup() and lengths() from any thread holding a generation guard, bounded by
// the row limit of the query's snapshot; everything else writer only.

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "content/index/index_config.h"
#include "content/index/index_input.h"
#include "content/index/posting_list.h"
#include "content/index/rcu_vector.h"
#include "content/index/string_table.h"

namespace grove::index {

// Token counts of a field over the active documents: the inputs of BM25's average length.
// Rows added inactive (ready but not searched) are left out.
struct FieldLengthStats {
  uint64_t length_sum = 0;  // tokens (distinct positions) over all active documents
  uint64_t doc_count = 0;   // active documents where the field has at least one token

  // length_sum / doc_count, or 1 when no document has the field.
  double average() const {
    return doc_count == 0 ? 1.0 : static_cast<double>(length_sum) / static_cast<double>(doc_count);
  }
};

struct FieldMemoryUsage {
  size_t dictionary = 0;  // hash table, entries (posting headers) and term text
  size_t docs = 0;        // row/frequency streams
  size_t positions = 0;   // position streams
  size_t skip = 0;        // BlockInfos
  size_t lengths = 0;     // field length per row
  uint64_t terms = 0;
  uint64_t postings = 0;
};

class FieldIndex {
 public:
  FieldIndex(IndexFieldConfig config, GenerationHolder& holder);
  FieldIndex(const FieldIndex&) = delete;
  FieldIndex& operator=(const FieldIndex&) = delete;

  const IndexFieldConfig& config() const { return config_; }

  // Writer: indexes `tokens` as row `row` (rows arrive in increasing order; call with no
  // tokens for a row that lacks the field). An inactive row is indexed but counts neither in
  // the length statistics nor in its terms' document frequencies. Returns the field length
  // stored for the row.
  uint32_t add(RowId row, std::span<const IndexToken> tokens, bool active = true);
  // Writer: takes a row's length out of the statistics when it was added active (its postings
  // stay; see docs/).
  void remove(RowId row, bool active = true);
  // Writer: takes the terms of `tokens` (those an active row was added with, now retired) out
  // of their document frequencies.
  void uncount(std::span<const IndexToken> tokens);
  // Writer: makes the postings added since the last publish visible.
  void publish();
  void shrink_to_fit();
  const FieldLengthStats& writer_stats() const { return stats_; }
  FieldMemoryUsage memory_usage() const;

  // Any thread with a guard: the term's published postings (empty when absent) and the field
  // lengths indexed by row.
  PostingView lookup(std::string_view term) const;
  const uint32_t* lengths() const { return lengths_.data(); }

 private:
  // The number of distinct positions of `tokens`.
  uint32_t field_length(std::span<const IndexToken> tokens);

  IndexFieldConfig config_;
  GenerationHolder& holder_;
  StringTable<PostingList> terms_;
  // Invariant: lengths_.size() == rows added.
  RcuVector<uint32_t> lengths_;
  // Invariant: the lists changed (appended to, or uncounted) since the last publish, each once.
  std::vector<PostingList*> dirty_;
  FieldLengthStats stats_;
  // A token of the document being added, with its term's dictionary hash.
  struct HashedToken {
    uint64_t hash;
    std::string_view term;
    uint32_t position;
  };
  // A distinct term of the document being added: its tokens are sorted_[begin, end).
  struct TermGroup {
    uint64_t hash;
    std::string_view term;
    uint32_t begin;
    uint32_t end;
  };
  // Scratch of add(), kept to avoid allocating per document.
  std::vector<HashedToken> sorted_;
  std::vector<TermGroup> groups_;
  std::vector<uint32_t> positions_;
};

}  // namespace grove::index
