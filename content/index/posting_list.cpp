#include "content/index/posting_list.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>

#include "content/index/bit_packing.h"
#include "content/index/varint.h"
#include "services/base/assert.h"

namespace grove::index {
namespace {

uint16_t saturate16(uint32_t v) {
  return static_cast<uint16_t>(std::min<uint32_t>(v, 0xffff));
}

uint32_t varint_size(uint32_t v) {
  uint32_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Room for `blocks` BlockInfos: powers of two from 4, so it never needs storing.
uint32_t block_capacity(uint32_t blocks) {
  return blocks == 0 ? 0 : std::max<uint32_t>(4, std::bit_ceil(blocks));
}

uint32_t round8(uint32_t n) {
  return (n + 7) & ~7u;
}

// Makes room for `extra` more bytes after `size`, growing by copy (the old block is held).
uint8_t* ensure(std::atomic<uint8_t*>& buf, uint32_t& cap, uint32_t size, uint32_t extra,
                GenerationHolder& holder) {
  uint8_t* cur = buf.load(std::memory_order_relaxed);
  if (size + extra <= cap) return cur;
  const uint32_t next_cap = round8(std::max(size + extra, cap + cap / 2));
  OwnedMemory next = OwnedMemory::allocate(next_cap);
  if (size > 0) std::memcpy(next.get(), cur, size);
  auto* fresh = static_cast<uint8_t*>(next.release());
  buf.store(fresh, std::memory_order_release);
  holder.hold(OwnedMemory::adopt(cur, cap));
  cap = next_cap;
  return fresh;
}

// Reallocates a buffer to `size` bytes (plus `slack`), holding the old one.
void shrink(std::atomic<uint8_t*>& buf, uint32_t& cap, uint32_t size, uint32_t slack,
            GenerationHolder& holder) {
  const uint32_t next_cap = size == 0 ? 0 : round8(size + slack);
  if (next_cap >= cap) return;
  uint8_t* cur = buf.load(std::memory_order_relaxed);
  OwnedMemory next = OwnedMemory::allocate(next_cap);
  if (size > 0) std::memcpy(next.get(), cur, size);
  buf.store(static_cast<uint8_t*>(next.release()), std::memory_order_release);
  holder.hold(OwnedMemory::adopt(cur, cap));
  cap = next_cap;
}

}  // namespace

PostingList::~PostingList() {
  std::free(packed_.load(std::memory_order_relaxed));
  std::free(tail_.load(std::memory_order_relaxed));
  std::free(positions_.load(std::memory_order_relaxed));
  std::free(blocks_.load(std::memory_order_relaxed));
}

void PostingList::start_tail(uint32_t block, GenerationHolder& holder) {
  const uint32_t cap = 16;
  OwnedMemory next = OwnedMemory::allocate(cap);
  std::memcpy(next.get(), &block, sizeof(block));
  uint8_t* old = tail_.load(std::memory_order_relaxed);
  tail_.store(static_cast<uint8_t*>(next.release()), std::memory_order_release);
  holder.hold(OwnedMemory::adopt(old, tail_cap_));
  tail_cap_ = cap;
  tail_size_ = kTailHeader;
}

bool PostingList::append(RowId row, uint32_t tf, std::span<const uint32_t> positions,
                         const uint32_t* lengths, GenerationHolder& holder) {
  GROVE_ASSERT(tf >= 1 && row < kMaxRows);
  GROVE_ASSERT(written_ == 0 || row > last_row_);
  const bool first_since_publish =
      published_.load(std::memory_order_relaxed) == (uint64_t{inactive_written_} << 32 | written_);
  if (written_ == 0) start_tail(0, holder);
  uint8_t encoded[2 * kMaxVarintBytes];
  uint8_t* end = write_varint(encoded, ((row - last_row_) << 1) | (tf == 1 ? 1u : 0u));
  if (tf != 1) end = write_varint(end, tf);
  const auto n = static_cast<uint32_t>(end - encoded);
  uint8_t* tail = ensure(tail_, tail_cap_, tail_size_, n, holder);
  std::memcpy(tail + tail_size_, encoded, n);
  tail_size_ += n;
  if (!positions.empty()) append_positions(positions, holder);
  last_row_ = row;
  const uint32_t old = bounds_.load(std::memory_order_relaxed);
  const uint32_t max_tf = std::max<uint32_t>(old >> 16, saturate16(tf));
  const uint32_t min_len = std::min<uint32_t>(old & 0xffff, saturate16(lengths[row]));
  bounds_.store(max_tf << 16 | min_len, std::memory_order_release);
  ++written_;
  if (written_ % kPostingBlockSize == 0) seal_block(row, lengths, holder);
  return first_since_publish;
}

void PostingList::append_positions(std::span<const uint32_t> positions, GenerationHolder& holder) {
  uint32_t bytes = 0;
  uint32_t prev = 0;
  for (uint32_t p : positions) {
    bytes += varint_size(p - prev);
    prev = p;
  }
  uint8_t* out = ensure(positions_, pos_cap_, pos_size_, bytes, holder) + pos_size_;
  prev = 0;
  for (uint32_t p : positions) {
    GROVE_PARANOID_ASSERT(p >= prev);
    out = write_varint(out, p - prev);
    prev = p;
  }
  pos_size_ += bytes;
}

BlockInfo* PostingList::grow_blocks(uint32_t index, GenerationHolder& holder) {
  BlockInfo* blocks = blocks_.load(std::memory_order_relaxed);
  const uint32_t cap = block_capacity(index);
  if (index < cap) return blocks;
  const uint32_t next_cap = block_capacity(index + 1);
  OwnedMemory next = OwnedMemory::allocate(next_cap * sizeof(BlockInfo));
  if (index > 0) std::memcpy(next.get(), blocks, index * sizeof(BlockInfo));
  auto* fresh = static_cast<BlockInfo*>(next.release());
  blocks_.store(fresh, std::memory_order_release);
  holder.hold(OwnedMemory::adopt(blocks, cap * sizeof(BlockInfo)));
  return fresh;
}

void PostingList::seal_block(RowId row, const uint32_t* lengths, GenerationHolder& holder) {
  const uint32_t index = written_ / kPostingBlockSize - 1;
  BlockInfo* blocks = grow_blocks(index, holder);
  // Decode the tail: row deltas and frequencies of the block's 128 postings.
  RowId r = index == 0 ? 0 : blocks[index - 1].last_row;
  const uint8_t* p = tail_.load(std::memory_order_relaxed) + kTailHeader;
  uint32_t deltas[kPostingBlockSize];
  uint32_t tfs[kPostingBlockSize];
  uint32_t lens[kPostingBlockSize];
  for (uint32_t i = 0; i < kPostingBlockSize; ++i) {
    const uint32_t v = read_varint(p);
    deltas[i] = v >> 1;
    r += deltas[i];
    tfs[i] = (v & 1) != 0 ? 1 : read_varint(p);
    lens[i] = lengths[r];
  }
  compute_impacts(tfs, lens, kPostingBlockSize, blocks[index].impacts);
  for (uint32_t& tf : tfs) tf -= 1;
  const uint32_t delta_bits = bits_needed(deltas, kPostingBlockSize);
  const uint32_t tf_bits = bits_needed(tfs, kPostingBlockSize);
  const uint32_t bytes = 2 + packed_bytes(delta_bits) + packed_bytes(tf_bits);
  uint8_t* out = ensure(packed_, packed_cap_, packed_size_, bytes + kPackSlack, holder);
  out += packed_size_;
  out[0] = static_cast<uint8_t>(delta_bits);
  out[1] = static_cast<uint8_t>(tf_bits);
  pack(deltas, delta_bits, out + 2);
  pack(tfs, tf_bits, out + 2 + packed_bytes(delta_bits));
  packed_size_ += bytes;
  blocks[index].last_row = row;
  blocks[index].packed_end = packed_size_;
  blocks[index].pos_end = pos_size_;
  start_tail(index + 1, holder);  // published last: a reader that sees it sees the block
}

void compute_impacts(const uint32_t* tfs, const uint32_t* lengths, uint32_t n,
                     Impact (&out)[kImpactsPerBlock]) {
  Impact all[kPostingBlockSize];
  n = std::min(n, kPostingBlockSize);
  for (uint32_t i = 0; i < n; ++i) all[i] = Impact{saturate16(tfs[i]), saturate16(lengths[i])};
  std::sort(all, all + n, [](const Impact& a, const Impact& b) {
    return a.tf != b.tf ? a.tf > b.tf : a.length < b.length;
  });
  // The frontier: by descending tf, each with a strictly smaller length than all before it.
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (m == 0 || all[i].length < all[m - 1].length) all[m++] = all[i];
  }
  // Split it into at most four runs; a run is bounded by its first tf and its last length.
  const uint32_t runs = std::min(m, kImpactsPerBlock);
  for (uint32_t k = 0; k < kImpactsPerBlock; ++k) out[k] = Impact{};
  for (uint32_t k = 0; k < runs; ++k) {
    const uint32_t first = k * m / runs;
    const uint32_t last = (k + 1) * m / runs - 1;
    out[k] = Impact{all[first].tf, all[last].length};
  }
}

void PostingList::shrink_to_fit(GenerationHolder& holder) {
  shrink(packed_, packed_cap_, packed_size_, kPackSlack, holder);
  shrink(positions_, pos_cap_, pos_size_, 0, holder);
  if (tail_size_ > 0 && round8(tail_size_) < tail_cap_) {
    shrink(tail_, tail_cap_, tail_size_, 0, holder);
  }
}

PostingView PostingList::view() const {
  PostingView v;
  // The tail first: a reader that sees a newer tail also sees the block sealed before it.
  const uint64_t published = published_.load(std::memory_order_acquire);
  v.count = static_cast<uint32_t>(published);
  v.inactive = static_cast<uint32_t>(published >> 32);
  v.tail = tail_.load(std::memory_order_acquire);
  v.blocks = blocks_.load(std::memory_order_acquire);
  v.packed = packed_.load(std::memory_order_acquire);
  v.positions = positions_.load(std::memory_order_acquire);
  const uint32_t bounds = bounds_.load(std::memory_order_acquire);
  v.max_tf = static_cast<uint16_t>(bounds >> 16);
  v.min_length = static_cast<uint16_t>(bounds & 0xffff);
  return v;
}

size_t PostingList::block_bytes() const {
  return block_capacity(written_ / kPostingBlockSize) * sizeof(BlockInfo);
}

}  // namespace grove::index
