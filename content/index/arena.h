#pragma once

// Arena: bump allocation in 64 KiB chunks for objects that live as long as the index (term
// entries with their posting-list headers and text). Addresses never change, so queries can
// hold plain pointers to what the arena holds.
//
// Thread-safety: confined to the writer thread. Nothing is freed before the arena is destroyed,
// and the arena does not run destructors: the owner destroys what it placed here.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "content/index/owned_memory.h"

namespace grove::index {

class Arena {
 public:
  static constexpr size_t kChunkBytes = 64 * 1024;

  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Returns `bytes` zero-filled bytes aligned to `align` (a power of two, at most 16).
  void* allocate(size_t bytes, size_t align);

  size_t allocated_bytes() const { return allocated_; }

 private:
  std::vector<OwnedMemory> chunks_;
  // Invariant: [cursor_, cursor_ + left_) is unused space of the last regular chunk.
  uint8_t* cursor_ = nullptr;
  size_t left_ = 0;
  size_t allocated_ = 0;
};

}  // namespace grove::index
