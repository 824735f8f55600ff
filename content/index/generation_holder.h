#pragma once

// GenerationHolder: memory the writer has unlinked but queries may still read. Each block is
// tagged with the generation that was current when it was retired and freed by reclaim() once
// every guard of that generation is gone (see GenerationHandler).
//
// Usage (writer thread):
//   holder.hold(std::move(old_buffer));          // tagged with handler.current()
//   handler.bump();
//   holder.reclaim();                            // frees what no guard can see any more
//
// Thread-safety: confined to the writer thread.

#include <cstddef>
#include <deque>

#include "content/index/generation_handler.h"
#include "content/index/owned_memory.h"

namespace grove::index {

class GenerationHolder {
 public:
  explicit GenerationHolder(GenerationHandler& handler) : handler_(handler) {}
  GenerationHolder(const GenerationHolder&) = delete;
  GenerationHolder& operator=(const GenerationHolder&) = delete;

  GenerationHandler& handler() { return handler_; }

  // Keeps `memory` alive until no guard of the current generation or older is left.
  void hold(OwnedMemory memory);

  // Frees every held block whose generation is older than handler().oldest_used().
  // Returns the number of bytes freed.
  size_t reclaim();

  size_t held_bytes() const { return held_bytes_; }
  size_t held_blocks() const { return held_.size(); }

 private:
  struct Held {
    Generation generation;
    OwnedMemory memory;
  };
  GenerationHandler& handler_;
  // Invariant: ordered by generation (oldest first), since generations only grow.
  std::deque<Held> held_;
  // Invariant: the sum of held_[i].memory.bytes().
  size_t held_bytes_ = 0;
};

}  // namespace grove::index
