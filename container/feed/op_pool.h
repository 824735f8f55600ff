#pragma once

// PendingOp: an operation the feed client has taken from the input and not yet finished, with
// its retry state. OpPool recycles them, so that the number ever allocated is the peak number
// outstanding (bounded by the window and the parked limit), whatever the size of the feed.
//
// Usage:
//   PendingOp* op = pool.acquire();  op->op = std::move(parsed);  ...  pool.release(op);
//
// Not thread-safe; confined to the feed client's io thread. The pool owns every PendingOp.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "container/feed/operation.h"
#include "services/base/clock.h"

namespace grove::feed {

struct PendingOp {
  Operation op;
  const std::string* source = nullptr;  // the input's name, owned by the FeedReader
  uint64_t line = 0;                    // where the operation starts in its input
  SteadyTime deadline{};                // set when it becomes the active op for its id
  int attempts = 0;                     // requests sent so far
  uint64_t epoch = 0;                   // the throttle epoch of the last request
  SteadyTime sent_at{};                 // when the last request was sent
  PendingOp* next_same_id = nullptr;    // IdSequencer's chain: the next op on the same id
};

class OpPool {
 public:
  // A reset PendingOp; reuses a released one when there is one.
  PendingOp* acquire() {
    if (free_.empty()) {
      all_.push_back(std::make_unique<PendingOp>());
      return all_.back().get();
    }
    PendingOp* op = free_.back();
    free_.pop_back();
    return op;
  }
  void release(PendingOp* op) {
    *op = PendingOp{};
    free_.push_back(op);
  }
  // How many were ever allocated (the peak outstanding).
  size_t allocated() const { return all_.size(); }

 private:
  std::vector<std::unique_ptr<PendingOp>> all_;
  std::vector<PendingOp*> free_;  // Invariant: every element is owned by all_
};

}  // namespace grove::feed
