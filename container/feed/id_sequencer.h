#pragma once

// IdSequencer: keeps operations on the same document in file order by never letting two of
// them be in flight at once. The first operation for a document id is active (may be sent); later
// ones are parked in a chain behind it and become active one by one as their predecessor
// finishes (succeeds or finally fails). Ids are compared by GID.
//
// Usage:
//   if (sequencer.admit(*op)) send(op);            // else it is parked
//   ... when op is done:
//   if (PendingOp* next = sequencer.complete(*op)) send(next);
//
// Not thread-safe; confined to the feed client's io thread. Borrows the ops it chains.

#include <cstddef>
#include <cstring>
#include <unordered_map>

#include "container/feed/op_pool.h"
#include "services/distribution/document_id.h"

namespace grove::feed {

class IdSequencer {
 public:
  // True when `op` is now the active op for its id; false when it is parked behind another.
  bool admit(PendingOp& op);
  // `op`, the active op for its id, is finished. Returns the next op on that id (now active),
  // or nullptr when there is none.
  PendingOp* complete(PendingOp& op);

  // Operations waiting behind an active one.
  size_t parked() const { return parked_; }
  // Ids with an active operation.
  size_t active() const { return chains_.size(); }

 private:
  struct Chain {
    PendingOp* head = nullptr;  // Invariant: the active op; never null in chains_
    PendingOp* tail = nullptr;  // the last parked op, or head
  };
  struct GidHash {
    size_t operator()(const distribution::Gid& gid) const {
      size_t h;
      std::memcpy(&h, gid.bytes.data() + 4, sizeof h);  // bytes 4..11 are MD5 bytes
      return h;
    }
  };

  std::unordered_map<distribution::Gid, Chain, GidHash> chains_;
  size_t parked_ = 0;  // Invariant: the number of ops chained behind a head
};

}  // namespace grove::feed
