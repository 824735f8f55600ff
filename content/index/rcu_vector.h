#pragma once

// RcuVector<T>: an append-only array that queries read without locks while the writer appends.
//
// The writer appends into spare capacity; when it is full it copies the elements into a block
// twice as large, publishes the new pointer and hands the old block to the GenerationHolder.
// A query loads data() once (after it has loaded the commit state that bounds the rows it may
// read) and indexes it directly: no lock and no indirection per element.
//
// Elements below the published size are never moved within a block, and are changed in place
// only through std::atomic_ref (see ActiveBits), so readers of an older block see a consistent
// older copy.
//
// Thread-safety: data() from any thread holding a generation guard; everything else writer only.

#include <algorithm>
#include <atomic>
#include <cstring>
#include <type_traits>

#include "content/index/generation_holder.h"
#include "services/base/assert.h"

namespace grove::index {

template <typename T>
class RcuVector {
  static_assert(std::is_trivially_copyable_v<T>, "RcuVector copies its elements with memcpy");

 public:
  explicit RcuVector(GenerationHolder& holder) : holder_(&holder) {}
  RcuVector(const RcuVector&) = delete;
  RcuVector& operator=(const RcuVector&) = delete;

  // Any thread: the current block. Valid for the rows published before it was loaded, for as
  // long as the caller holds a guard.
  const T* data() const { return data_.load(std::memory_order_acquire); }

  // Writer: appends `value`, growing by copy when full.
  void push_back(const T& value) {
    if (size_ == capacity_) grow(std::max<size_t>(16, capacity_ * 2));
    writable()[size_++] = value;
  }
  // Writer: appends `n` copies of `value`.
  void append_fill(size_t n, const T& value) {
    reserve(size_ + n);
    std::fill_n(writable() + size_, n, value);
    size_ += n;
  }
  // Writer: ensures room for `n` elements without another copy.
  void reserve(size_t n) {
    if (n > capacity_) grow(std::max(n, capacity_ * 2));
  }
  // Writer: shrinks the block to the size (a copy; the old block is held).
  void shrink_to_fit() {
    if (capacity_ > size_) grow(size_);
  }
  // Writer: the element at `i` for in-place changes of rows no reader can see yet, or through
  // std::atomic_ref for rows readers may see.
  T& writer_at(size_t i) {
    GROVE_ASSERT(i < size_);
    return writable()[i];
  }
  const T& writer_at(size_t i) const {
    GROVE_ASSERT(i < size_);
    return owned_.template as<T>()[i];
  }

  // Writer: the current block, for reading elements it appended.
  const T* writer_data() const { return owned_.template as<T>(); }

  size_t size() const { return size_; }
  size_t allocated_bytes() const { return capacity_ * sizeof(T); }

 private:
  T* writable() { return owned_.template as<T>(); }

  void grow(size_t capacity) {
    OwnedMemory next = OwnedMemory::allocate(capacity * sizeof(T));
    if (size_ > 0) std::memcpy(next.get(), owned_.get(), size_ * sizeof(T));
    data_.store(next.template as<T>(), std::memory_order_release);
    holder_->hold(std::move(owned_));
    owned_ = std::move(next);
    capacity_ = capacity;
  }

  GenerationHolder* holder_;
  // Invariant: owned_ is the block data_ points to; it holds capacity_ elements, the first
  // size_ of which are initialized.
  OwnedMemory owned_;
  std::atomic<T*> data_{nullptr};
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace grove::index
