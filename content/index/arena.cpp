#include "content/index/arena.h"

#include "services/base/assert.h"

namespace grove::index {

void* Arena::allocate(size_t bytes, size_t align) {
  GROVE_ASSERT(align <= 16 && (align & (align - 1)) == 0);
  const size_t pad = (align - reinterpret_cast<uintptr_t>(cursor_) % align) % align;
  if (cursor_ == nullptr || pad + bytes > left_) {
    if (bytes > kChunkBytes / 4) {  // large: its own chunk, keep the current one
      chunks_.push_back(OwnedMemory::allocate(bytes));
      allocated_ += bytes;
      return chunks_.back().get();
    }
    chunks_.push_back(OwnedMemory::allocate(kChunkBytes));
    allocated_ += kChunkBytes;
    cursor_ = chunks_.back().as<uint8_t>();
    left_ = kChunkBytes;
    return allocate(bytes, align);
  }
  uint8_t* p = cursor_ + pad;
  cursor_ = p + bytes;
  left_ -= pad + bytes;
  return p;
}

}  // namespace grove::index
