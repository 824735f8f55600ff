#pragma once

// ReplicaAcks: the answers of the replicas one write was sent to. The distributor's worker
// thread waits for all of them; the transport's threads (and the worker itself, for the local
// replica) report them as they come.
//
// Usage:
//   auto acks = std::make_shared<ReplicaAcks>(replicas.size());
//   peers.put(node, ..., [acks, i](Status s) { acks->done(i, std::move(s)); });
//   if (!acks->wait_until(deadline)) ...   // some replica did not answer in time
//
// Shared by the waiting thread and the callbacks (a callback may run after a timed-out waiter
// has left). Thread-safe.

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "services/base/clock.h"
#include "services/base/status.h"

namespace grove::content {

class ReplicaAcks {
 public:
  explicit ReplicaAcks(size_t replicas) : statuses_(replicas), pending_(replicas) {}

  // Records replica `i`'s answer; once per replica.
  void done(size_t i, Status status);
  // Waits until every replica answered (true) or `until` passed (false).
  bool wait_until(SteadyTime until);
  // Replica `i`'s answer; after wait_until() returned true.
  const Status& status(size_t i) const { return statuses_[i]; }

 private:
  std::mutex mutex_;
  std::condition_variable all_done_;
  std::vector<Status> statuses_;  // guarded by mutex_ until pending_ reaches 0
  // Invariant: the replicas that have not answered yet; guarded by mutex_.
  size_t pending_;
};

}  // namespace grove::content
