#include "content/index/generation_holder.h"

namespace grove::index {

void GenerationHolder::hold(OwnedMemory memory) {
  if (memory.get() == nullptr) return;
  held_bytes_ += memory.bytes();
  held_.push_back(Held{handler_.current(), std::move(memory)});
}

size_t GenerationHolder::reclaim() {
  const Generation oldest = handler_.oldest_used();
  size_t freed = 0;
  while (!held_.empty() && held_.front().generation < oldest) {
    freed += held_.front().memory.bytes();
    held_.pop_front();
  }
  held_bytes_ -= freed;
  return freed;
}

}  // namespace grove::index
