#pragma once

// DocumentLocks: the distributor's lock per document (DESIGN §5), held from reading a document
// through checking its condition, applying its update and writing every replica, to the reply,
// so that concurrent updates of one document never lose a change.
//
// Striped: a fixed array of mutexes picked by the GID's hash bits. Two documents may share a
// stripe and then wait for each other, which is safe (a thread holds one stripe at a time) and
// rare with kStripes stripes against the node's few dozen operations in flight.
//
// Usage:
//   std::unique_lock lock = locks.lock(id.gid());
//
// Thread-safe. No allocation after construction.

#include <cstddef>
#include <memory>
#include <mutex>

#include "services/distribution/document_id.h"

namespace grove::content {

class DocumentLocks {
 public:
  static constexpr size_t kStripes = 8192;  // a power of two

  DocumentLocks() : stripes_(std::make_unique<std::mutex[]>(kStripes)) {}

  std::unique_lock<std::mutex> lock(const distribution::Gid& gid) {
    return std::unique_lock<std::mutex>(stripes_[stripe(gid)]);
  }
  // Bytes 4..11 of a GID are MD5 bits of the id (uniform); bytes 0..3 are its location, which
  // documents of one group share.
  static size_t stripe(const distribution::Gid& gid) {
    size_t h = 0;
    for (int i = 4; i < 8; ++i) h = (h << 8) | gid.bytes[i];
    return h & (kStripes - 1);
  }

 private:
  std::unique_ptr<std::mutex[]> stripes_;
};

}  // namespace grove::content
