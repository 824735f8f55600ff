#include "content/index/posting_iterator.h"

#include <algorithm>

#include "content/index/bit_packing.h"
#include "content/index/varint.h"

namespace grove::index {

PostingIterator::PostingIterator() {
  rows_[0] = kEndRow;
  tfs_[0] = 0;
}

PostingIterator::PostingIterator(const PostingView& view, RowId row_limit)
    : view_(view), row_limit_(row_limit) {
  rows_[0] = kEndRow;
  tfs_[0] = 0;
  num_blocks_ = (view.count + kPostingBlockSize - 1) / kPostingBlockSize;
  tail_impact_ = Impact{view.max_tf, view.min_length};
  if (view.count == 0 || row_limit == 0) return;
  if (view.positions != nullptr) pos_buf_.reserve(std::max<uint32_t>(view.max_tf, 16));
  load_block(0);
  set_row(rows_[0]);
}

uint32_t PostingIterator::find_block(uint32_t from, RowId target) const {
  // Gallop over the full blocks, then binary-search the bracket found.
  const uint32_t full = view_.full_blocks();
  uint32_t lo = from;
  uint32_t step = 1;
  uint32_t hi = from;
  while (hi < full && view_.blocks[hi].last_row < target) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = std::min(hi, full);
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (view_.blocks[mid].last_row < target) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;  // == full means the partial tail (if any)
}

RowId PostingIterator::seek_slow(RowId target) {
  if (row_ == kEndRow) return kEndRow;
  const uint32_t block = find_block(block_ + 1, target);
  if (block >= num_blocks_ || target >= row_limit_) {
    row_ = kEndRow;
    return kEndRow;
  }
  load_block(block);
  if (rows_[size_ - 1] < target) {  // only possible in the partial tail
    row_ = kEndRow;
    return kEndRow;
  }
  return scan_block(target);
}

void PostingIterator::load_block(uint32_t block) {
  block_ = block;
  idx_ = 0;
  const uint32_t full = view_.full_blocks();
  const BlockInfo* prev = block == 0 ? nullptr : &view_.blocks[block - 1];
  const RowId base = prev == nullptr ? 0 : prev->last_row;
  const uint32_t n = block < full ? kPostingBlockSize : view_.count - full * kPostingBlockSize;
  if (block < full || tail_block(view_.tail) != block) {
    decode_packed(view_.packed + (prev == nullptr ? 0 : prev->packed_end), base);
  } else {
    decode_tail(n, base);
  }
  size_ = n;
  if (view_.positions != nullptr) {
    pos_ptr_ = view_.positions + (prev == nullptr ? 0 : prev->pos_end);
    // The end of this block's positions is known only for sealed blocks.
    pos_end_ = block < full ? view_.positions + view_.blocks[block].pos_end : pos_ptr_;
    pos_idx_ = 0;
    pos_decoded_ = kEndRow;
  }
}

void PostingIterator::decode_packed(const uint8_t* p, RowId base) {
  const uint32_t delta_bits = p[0];
  const uint32_t tf_bits = p[1];
  unpack(p + 2, delta_bits, rows_);
  unpack(p + 2 + packed_bytes(delta_bits), tf_bits, tfs_);
  RowId row = base;
  for (uint32_t i = 0; i < kPostingBlockSize; ++i) {
    row += rows_[i];
    rows_[i] = row;
    tfs_[i] += 1;
  }
}

void PostingIterator::decode_tail(uint32_t n, RowId base) {
  const uint8_t* p = view_.tail + kTailHeader;
  RowId row = base;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t v = read_varint(p);
    row += v >> 1;
    rows_[i] = row;
    tfs_[i] = (v & 1) != 0 ? 1 : read_varint(p);
  }
}

void PostingIterator::skip_positions_to(uint32_t idx) {
  uint32_t values = 0;
  for (; pos_idx_ < idx; ++pos_idx_) values += tfs_[pos_idx_];
  skip_varints(pos_ptr_, values, pos_end_);
}

std::span<const uint32_t> PostingIterator::positions() {
  if (view_.positions == nullptr || row_ == kEndRow) return {};
  const uint32_t tf = tfs_[idx_];
  if (pos_decoded_ != idx_) {
    skip_positions_to(idx_);
    if (pos_buf_.size() < tf) pos_buf_.resize(tf);
    const uint8_t* p = pos_ptr_;
    uint32_t pos = 0;
    for (uint32_t k = 0; k < tf; ++k) {
      pos += read_varint(p);
      pos_buf_[k] = pos;
    }
    pos_decoded_ = idx_;
  }
  return {pos_buf_.data(), tf};
}

std::span<const Impact> PostingIterator::block_impacts() const {
  return impacts_of(block_);
}

std::span<const Impact> PostingIterator::impacts_of(uint32_t block) const {
  if (block < view_.full_blocks()) return view_.blocks[block].impacts;
  return {&tail_impact_, 1};
}

uint32_t PostingIterator::shallow_block(RowId target) const {
  if (row_ == kEndRow || target >= row_limit_) return num_blocks_;
  if (target <= rows_[size_ - 1]) return block_;
  return std::min(find_block(block_ + 1, target), num_blocks_);
}

RowId PostingIterator::last_row_of(uint32_t block) const {
  if (block < view_.full_blocks()) return view_.blocks[block].last_row;
  if (block == block_ && row_ != kEndRow) return rows_[size_ - 1];
  return block < num_blocks_ ? kEndRow - 1 : kEndRow;
}

}  // namespace grove::index
