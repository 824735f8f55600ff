#pragma once

// OwnedMemory: a block of memory (or one heap object) with its size, released by its
// destructor. Used for everything the index replaces by copy (posting bytes, column vectors,
// hash tables, commit states): the writer swaps in the new block and hands the old one to the
// GenerationHolder, which frees it once no query can still read it.
//
// Move-only value; not thread-safe (owned by the writer thread or by the holder).

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <utility>

namespace grove::index {

class OwnedMemory {
 public:
  using Deleter = void (*)(void*);

  OwnedMemory() = default;
  // Allocates `bytes` bytes, zero-filled, aligned for any scalar. Throws bad_alloc.
  static OwnedMemory allocate(size_t bytes) {
    void* p = bytes == 0 ? nullptr : std::calloc(1, bytes);
    if (bytes != 0 && p == nullptr) throw std::bad_alloc();
    return OwnedMemory(p, bytes, &std::free);
  }
  // Takes over a block obtained from allocate() and released with release().
  static OwnedMemory adopt(void* p, size_t bytes) { return OwnedMemory(p, bytes, &std::free); }
  // Takes over a heap object; `bytes` is what it accounts for.
  template <typename T>
  static OwnedMemory adopt_object(std::unique_ptr<T> object, size_t bytes) {
    return OwnedMemory(object.release(), bytes, [](void* p) { delete static_cast<T*>(p); });
  }

  OwnedMemory(OwnedMemory&& other) noexcept { swap(other); }
  OwnedMemory& operator=(OwnedMemory&& other) noexcept {
    OwnedMemory(std::move(other)).swap(*this);
    return *this;
  }
  OwnedMemory(const OwnedMemory&) = delete;
  OwnedMemory& operator=(const OwnedMemory&) = delete;
  ~OwnedMemory() {
    if (ptr_ != nullptr) deleter_(ptr_);
  }

  void* get() const { return ptr_; }
  size_t bytes() const { return bytes_; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(ptr_);
  }
  // Gives up ownership; the caller frees the block with std::free (or adopt()s it again).
  void* release() {
    bytes_ = 0;
    return std::exchange(ptr_, nullptr);
  }

 private:
  OwnedMemory(void* p, size_t bytes, Deleter deleter) : ptr_(p), bytes_(bytes), deleter_(deleter) {}
  void swap(OwnedMemory& other) noexcept {
    std::swap(ptr_, other.ptr_);
    std::swap(bytes_, other.bytes_);
    std::swap(deleter_, other.deleter_);
  }
  void* ptr_ = nullptr;
  size_t bytes_ = 0;
  Deleter deleter_ = &std::free;
};

}  // namespace grove::index
