#pragma once

// DocumentLocks: the distributor's lock per document (DESIGN §5), held from reading a document
// through checking its condition, applying its update and writing every replica, to the reply,
// so that concurrent updates of one document never lose a change.
//
// Striped: a fixed array of mutexes picked by the GID's hash bits. Two documents may share a
// stripe and then wait for each other, which is safe and rare with kStripes stripes against the
// node's operations in flight: a single operation holds one stripe, and a batch takes all of its
// stripes in ascending order (lock_all), so no two holders ever wait for each other in a cycle.
//
// Usage:
//   std::unique_lock lock = locks.lock(id.gid());
//   std::vector<std::unique_lock<std::mutex>> held = locks.lock_all(std::move(stripes));
//
// Thread-safe. lock() allocates nothing; lock_all() one vector per batch.

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "services/distribution/document_id.h"

namespace grove::content {

class DocumentLocks {
 public:
  // A power of two; 64 Ki mutexes (2.5 MiB) keep two batches of a hundred documents apart
  // (a collision delays one batch until the other has answered).
  static constexpr size_t kStripes = 65536;

  DocumentLocks() : stripes_(std::make_unique<std::mutex[]>(kStripes)) {}

  std::unique_lock<std::mutex> lock(const distribution::Gid& gid) {
    return std::unique_lock<std::mutex>(stripes_[stripe(gid)]);
  }
  // Locks every stripe of `stripes` (duplicates allowed) in ascending order.
  std::vector<std::unique_lock<std::mutex>> lock_all(std::vector<size_t> stripes) {
    std::sort(stripes.begin(), stripes.end());
    stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
    std::vector<std::unique_lock<std::mutex>> held;
    held.reserve(stripes.size());
    for (size_t s : stripes) held.emplace_back(stripes_[s]);
    return held;
  }
  // Bytes 4..11 of a GID are MD5 bits of the id (uniform); bytes 0..3 are its location, which
  // documents of one group share.
  static size_t stripe(const distribution::Gid& gid) {
    size_t h = 0;
    for (int i = 4; i < 8; ++i) h = (h << 8) | gid.bytes[i];  // 32 uniform bits
    return h & (kStripes - 1);
  }

 private:
  std::unique_ptr<std::mutex[]> stripes_;
};

}  // namespace grove::content
