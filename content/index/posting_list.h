#pragma once

// PostingList: the postings of one term in one field: for each row that contains the term, its
// term frequency and (for fields that keep them) its word positions. The format is in
// docs/posting-format.md: postings come in blocks of 128. A full ("sealed") block is stored
// bit-packed (row deltas and frequencies at a fixed width each) with one BlockInfo of skip and
// block-max data; the open block at the end is a small varint "tail" buffer. Positions are a
// separate varint stream, read only by phrase and proximity features.
//
// Rows are appended in increasing order by the single writer, who grows the buffers by copy
// and hands the old ones to the GenerationHolder; sealing a block starts a fresh tail buffer.
// New postings become visible to queries at publish(); a query reads a PostingView, a snapshot
// of the published state.
//
// Usage (writer):
//   if (list.append(row, tf, positions, lengths, holder)) dirty.push_back(&list);
//   ... at commit: list.publish();
// Usage (query, holding a generation guard):
//   PostingIterator it(list.view(), row_limit);
//
// Thread-safety: view() from any thread holding a generation guard; the rest writer only.
// Memory: owns its buffers; they are freed by the destructor or through the holder.

#include <atomic>
#include <cstdint>
#include <span>

#include "content/index/doc_ids.h"
#include "content/index/generation_holder.h"

namespace grove::index {

inline constexpr uint32_t kPostingBlockSize = 128;
inline constexpr uint32_t kImpactsPerBlock = 4;

// A (term frequency, field length) pair that bounds some postings: every posting it covers has
// tf <= this tf and length >= this length. Saturating 16-bit values (which only loosen it).
struct Impact {
  uint16_t tf = 0;  // 0: unused entry
  uint16_t length = 0;
};

// Skip and block-max data of one sealed block. The impacts are the block's Pareto frontier of
// (tf, length), merged down to at most four pairs, so for any BM25 parameters the largest
// score(impact) bounds every score in the block (Lucene's "impacts").
struct BlockInfo {
  RowId last_row;                    // the block's last row
  uint32_t packed_end;               // offset in the packed stream where the next block starts
  uint32_t pos_end;                  // offset in the position stream where the next block starts
  Impact impacts[kImpactsPerBlock];  // by descending tf
};

// A snapshot of a published posting list. Valid while the reader holds its generation guard.
struct PostingView {
  const uint8_t* packed = nullptr;     // sealed blocks
  const uint8_t* tail = nullptr;       // u32 block number, then the open block as varints
  const uint8_t* positions = nullptr;  // null for fields without positions
  const BlockInfo* blocks = nullptr;   // one per sealed block
  uint32_t count = 0;                  // number of postings
  uint32_t inactive = 0;               // of those, not counted: rows added inactive and active
                                       // rows retired since; Invariant: <= count
  uint16_t max_tf = 0;                 // bounds over the whole list, for the open block
  uint16_t min_length = 0xffff;

  bool empty() const { return count == 0; }
  // The term's document frequency: its postings of live rows added active (DESIGN §4: the corpus
  // statistics count active documents only, so ready-but-inactive copies are not counted twice,
  // and a replaced or removed document's postings stop counting when it is retired).
  uint32_t doc_freq() const { return count - inactive; }
  uint32_t full_blocks() const { return count / kPostingBlockSize; }
};

class PostingList {
 public:
  PostingList() = default;
  PostingList(const PostingList&) = delete;
  PostingList& operator=(const PostingList&) = delete;
  ~PostingList();

  // Writer. Appends `row`, which must be greater than every row appended before, with its term
  // frequency `tf` (>= 1) and its sorted, distinct `positions` (empty when the field keeps
  // none). `lengths[r]` is the field length of row r, for every row appended so far (the block
  // impacts are computed from it). Returns true for the first append since the last publish(),
  // so that the caller can queue the list for publishing.
  bool append(RowId row, uint32_t tf, std::span<const uint32_t> positions, const uint32_t* lengths,
              GenerationHolder& holder);

  // Writer: counts the posting just appended as one of a row added inactive (not searched and
  // not in the document frequency). Call right after its append().
  void count_inactive() { ++inactive_written_; }

  // Writer: takes the posting of an active row that was retired (replaced or removed) out of the
  // document frequency; the posting itself stays, masked by the active bits. Returns true for the
  // first change since the last publish(), so that the caller can queue the list for publishing.
  bool uncount_retired() {
    if (inactive_written_ >= written_) return false;  // keeps the invariant on a caller's mistake
    const bool first_since_publish =
        published_.load(std::memory_order_relaxed) == (uint64_t{inactive_written_} << 32 | written_);
    ++inactive_written_;
    return first_since_publish;
  }

  // Writer: makes every appended posting visible to queries.
  void publish() {
    published_.store(uint64_t{inactive_written_} << 32 | written_, std::memory_order_release);
  }

  // Writer: reallocates the buffers to their exact sizes (the old ones are held).
  void shrink_to_fit(GenerationHolder& holder);

  // Any thread with a guard: the published state.
  PostingView view() const;

  // Writer: postings appended so far, and the bytes its buffers take.
  uint32_t writer_count() const { return written_; }
  size_t doc_bytes() const { return size_t{packed_cap_} + tail_cap_; }
  size_t position_bytes() const { return pos_cap_; }
  size_t block_bytes() const;

 private:
  void append_positions(std::span<const uint32_t> positions, GenerationHolder& holder);
  void seal_block(RowId row, const uint32_t* lengths, GenerationHolder& holder);
  void start_tail(uint32_t block, GenerationHolder& holder);
  BlockInfo* grow_blocks(uint32_t index, GenerationHolder& holder);

  // Published to queries: the posting count in the low 32 bits, the inactive ones in the high
  // 32 (one word, so that a reader never pairs a count with another commit's inactive count).
  // Invariant: count <= written_; the buffers hold at least count postings.
  std::atomic<uint64_t> published_{0};
  // Invariant: each points at a block owned by this list (malloc'd; packed_cap_, tail_cap_,
  // pos_cap_ bytes; room for block_capacity(written_ / kPostingBlockSize) BlockInfos).
  // The tail is replaced, never reused, when its block is sealed.
  std::atomic<uint8_t*> packed_{nullptr};
  std::atomic<uint8_t*> tail_{nullptr};
  std::atomic<uint8_t*> positions_{nullptr};
  std::atomic<BlockInfo*> blocks_{nullptr};
  // max_tf << 16 | min_length over every posting appended; only grows looser, so it may run
  // ahead of the published count. (After the pointers, with the 32-bit fields below, so that
  // the list has no padding: there is one per term of every field.)
  std::atomic<uint32_t> bounds_{0xffff};
  // Writer only.
  uint32_t packed_size_ = 0;
  uint32_t packed_cap_ = 0;
  uint32_t tail_size_ = 0;
  uint32_t tail_cap_ = 0;
  uint32_t pos_size_ = 0;
  uint32_t pos_cap_ = 0;
  uint32_t written_ = 0;
  uint32_t inactive_written_ = 0;  // Invariant: <= written_
  RowId last_row_ = 0;
};
static_assert(sizeof(PostingList) == 80, "one per term: keep it free of padding");

// The impacts of `n` (tf, length) pairs: their Pareto frontier reduced to at most
// kImpactsPerBlock pairs, each still bounding the pairs it replaces.
void compute_impacts(const uint32_t* tfs, const uint32_t* lengths, uint32_t n,
                     Impact (&out)[kImpactsPerBlock]);

// The number of the block a tail buffer holds (its header).
inline uint32_t tail_block(const uint8_t* tail) {
  uint32_t block;
  __builtin_memcpy(&block, tail, sizeof(block));
  return block;
}
inline constexpr uint32_t kTailHeader = 4;

}  // namespace grove::index
