#pragma once

// PostingIterator: a forward cursor over one PostingView, for one query.
//
// It decodes a whole block of 128 postings at a time into small arrays (rows and term
// frequencies) and scans them; seek() skips whole blocks through the BlockInfo skip data
// without decoding them. Positions are decoded only when asked for, from a separate stream.
// Rows at or past `row_limit` (added after the query's snapshot) count as the end.
//
// Usage:
//   PostingIterator it(view, snapshot.row_limit());
//   for (RowId r = it.row(); r != kEndRow; r = it.next()) use(r, it.tf());
//   it.seek(1000);  // first posting with row >= 1000
//
// The constructor positions it on the first posting. No allocation after construction unless a
// document has more positions than any before it.
//
// Thread-safety: confined to the thread that runs the query; the view must stay valid (the
// query holds a generation guard).

#include <cstdint>
#include <span>
#include <vector>

#include "content/index/posting_list.h"

namespace grove::index {

class PostingIterator {
 public:
  PostingIterator();  // an empty list: row() == kEndRow
  PostingIterator(const PostingView& view, RowId row_limit);
  PostingIterator(const PostingIterator&) = delete;
  PostingIterator& operator=(const PostingIterator&) = delete;

  // The current row, or kEndRow.
  RowId row() const { return row_; }

  // Moves to the first posting with row >= target and returns its row (or kEndRow). A target at
  // or before row() leaves the iterator where it is.
  RowId seek(RowId target) {
    if (target <= row_) return row_;
    if (target <= rows_[size_ - 1]) return scan_block(target);
    return seek_slow(target);
  }
  RowId next() { return row_ == kEndRow ? kEndRow : seek(row_ + 1); }

  // Term frequency of the current posting.
  uint32_t tf() const { return tfs_[idx_]; }

  // Sorted word positions of the current posting; empty if the field keeps no positions.
  std::span<const uint32_t> positions();

  // Block-max data: the index and last row of the block that holds row(), and the impacts that
  // bound every (tf, length) in it (for the partial last block, the list-wide bounds).
  uint32_t block_index() const { return block_; }
  RowId block_last_row() const { return row_ == kEndRow ? kEndRow : rows_[size_ - 1]; }
  std::span<const Impact> block_impacts() const;

  // Skip data without decoding ("shallow" access), for block-max pruning: the block that
  // would hold the first posting >= target (target >= row(); num_blocks() past the end), its
  // last row (for the open block, kEndRow - 1 unless it is the decoded one) and its impacts.
  uint32_t shallow_block(RowId target) const;
  RowId last_row_of(uint32_t block) const;
  std::span<const Impact> impacts_of(uint32_t block) const;
  uint32_t num_blocks() const { return num_blocks_; }

  // The decoded current block, for matchers that scan it directly: rows and term frequencies
  // at [block_offset(), block_size()); block_offset() is the position of row(). Rows at or
  // past the row limit may appear in it and must be treated as the end.
  const RowId* block_rows() const { return rows_; }
  const uint32_t* block_tfs() const { return tfs_; }
  uint32_t block_offset() const { return idx_; }
  uint32_t block_size() const { return size_; }
  RowId row_limit() const { return row_limit_; }
  // Moves to position `i` (>= block_offset(), < block_size()) of the current block.
  void move_within_block(uint32_t i) {
    idx_ = i;
    set_row(rows_[i]);
  }

  // The list's document frequency and list-wide bounds.
  const PostingView& view() const { return view_; }

 private:
  RowId scan_block(RowId target) {
    while (rows_[idx_] < target) ++idx_;
    return set_row(rows_[idx_]);
  }
  RowId set_row(RowId r) {
    row_ = r < row_limit_ ? r : kEndRow;
    return row_;
  }
  RowId seek_slow(RowId target);
  uint32_t find_block(uint32_t from, RowId target) const;
  void load_block(uint32_t block);
  void decode_packed(const uint8_t* p, RowId base);
  void decode_tail(uint32_t n, RowId base);
  void skip_positions_to(uint32_t idx);

  PostingView view_;
  RowId row_limit_ = 0;
  RowId row_ = kEndRow;
  uint32_t num_blocks_ = 0;  // full blocks plus the partial tail, if any
  uint32_t block_ = 0;
  uint32_t idx_ = 0;   // index of row_ in rows_
  uint32_t size_ = 1;  // decoded postings in rows_
  // Position cursor: pos_ptr_ is where the positions of posting pos_idx_ of the block start.
  const uint8_t* pos_ptr_ = nullptr;
  const uint8_t* pos_end_ = nullptr;  // end of the block's positions, or pos_ptr_ if unknown
  uint32_t pos_idx_ = 0;
  uint32_t pos_decoded_ = kEndRow;  // idx_ whose positions are in pos_buf_
  std::vector<uint32_t> pos_buf_;
  Impact tail_impact_;
  // Invariant: rows_[0..size_) are the decoded rows of block_, ascending; rows_[size_-1] is
  // kEndRow-free when the iterator is positioned.
  RowId rows_[kPostingBlockSize];
  uint32_t tfs_[kPostingBlockSize];
};

}  // namespace grove::index
