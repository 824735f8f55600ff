#pragma once

// LidTable: the GID of each local document id, readable by queries while the writer adds.
//
// Storage is a fixed directory of fixed-size chunks that are allocated on demand and never
// moved or freed while the table lives, so a reader can look up any id the index has published
// without a lock: the writer stores the GID before the index commit that publishes the id
// (release), and the reader reaches the id through that commit's snapshot (acquire).
//
// Writer: set() from one thread. Readers: get() from any thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

#include "content/index/doc_ids.h"
#include "services/distribution/document_id.h"

namespace grove::content {

class LidTable {
 public:
  static constexpr uint32_t kChunkBits = 16;
  static constexpr uint32_t kChunkSize = 1u << kChunkBits;
  static constexpr uint32_t kMaxChunks = index::kMaxRows / kChunkSize;

  LidTable() : chunks_(std::make_unique<std::atomic<Chunk*>[]>(kMaxChunks)) {}
  ~LidTable() {
    for (uint32_t i = 0; i < kMaxChunks; ++i) delete chunks_[i].load();
  }
  LidTable(const LidTable&) = delete;
  LidTable& operator=(const LidTable&) = delete;

  // Writer. `lid` < index::kMaxRows.
  void set(index::LocalDocId lid, const distribution::Gid& gid) {
    uint32_t c = lid >> kChunkBits;
    Chunk* chunk = chunks_[c].load(std::memory_order_relaxed);
    if (chunk == nullptr) {
      chunk = new Chunk();  // owned by chunks_ until the table is destroyed
      chunks_[c].store(chunk, std::memory_order_release);
    }
    (*chunk)[lid & (kChunkSize - 1)] = gid;
  }

  // Any thread, for an id published by the index.
  const distribution::Gid& get(index::LocalDocId lid) const {
    static const distribution::Gid kNone{};
    const Chunk* chunk = chunks_[lid >> kChunkBits].load(std::memory_order_acquire);
    return chunk == nullptr ? kNone : (*chunk)[lid & (kChunkSize - 1)];
  }

 private:
  using Chunk = std::array<distribution::Gid, kChunkSize>;
  std::unique_ptr<std::atomic<Chunk*>[]> chunks_;
};

}  // namespace grove::content
