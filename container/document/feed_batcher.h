#pragma once

// FeedBatcher: the document API's writes to one content node (the owner, DESIGN §5), sent as
// feed_batch calls with natural batching: no delay at low load, large batches at high load.
//   - While fewer than `max_calls_in_flight` batches are in flight to the node, an operation is
//     sent at once, with whatever else waits (a batch of one when the node keeps up).
//   - Otherwise it waits; when a batch call returns, everything that waits (up to
//     `max_batch_size`) goes in the next call.
// Each operation keeps its own answer: its FeedReply, its own error (FeedReply::error, turned
// into a Status), or the failure of the whole call. The order of the operations submitted from
// one thread is the order in the batch, and the owner executes a batch in order.
//
// The call's deadline is the latest of its operations' deadlines; each operation carries its own
// (FeedOperation::timeout_ms), and the owner refuses one whose deadline has passed before its
// turn.
//
// Usage:
//   FeedBatcher batcher(client, {.max_batch_size = 64, .max_calls_in_flight = 2});
//   batcher.submit(std::move(op), deadline, [](Result<protocol::FeedReply> reply) { ... });
//
// Thread-safe (one mutex, held only to queue and to take a batch; encoding happens outside it).
// Callbacks run on the client's I/O threads. Borrows the client, which must outlive it and every
// call it issued.

#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

#include "services/base/deadline.h"
#include "services/base/result.h"
#include "services/protocol/content_service.h"

namespace grove::container {

struct FeedBatchOptions {
  // Operations per feed_batch call, at most; 0 turns batching off: every operation is sent at
  // once as a feed_batch of one, however many are in flight.
  size_t max_batch_size = 64;
  // feed_batch calls in flight to one node, at most (at least 1).
  size_t max_calls_in_flight = 2;
};

class FeedBatcher {
 public:
  using Done = std::function<void(Result<protocol::FeedReply>)>;

  FeedBatcher(protocol::ContentService& client, FeedBatchOptions options);
  FeedBatcher(const FeedBatcher&) = delete;
  FeedBatcher& operator=(const FeedBatcher&) = delete;

  // Sends `op` (exactly one of put, update, remove set) in a batch to the node; `done` runs
  // exactly once, on an I/O thread, with the operation's reply or its failure.
  void submit(protocol::FeedOperation op, Deadline deadline, Done done);

  const FeedBatchOptions& options() const { return options_; }
  // Operations waiting for a batch call; for tests and metrics.
  size_t waiting() const;

 private:
  struct Waiting {
    protocol::FeedOperation op;
    Deadline deadline;
    Done done;
  };
  // Takes the next batch when a call may start; empty otherwise. With mutex_ held.
  std::vector<Waiting> take_batch();
  void send(std::vector<Waiting> batch, bool counted);
  // `counted`: the call counts against max_calls_in_flight (false without batching).
  void on_reply(std::vector<Done>& dones, Result<protocol::FeedBatchReply> reply, bool counted);

  protocol::ContentService& client_;
  const FeedBatchOptions options_;
  mutable std::mutex mutex_;
  std::vector<Waiting> waiting_;  // guarded by mutex_, in submission order
  // Invariant: feed_batch calls issued and not yet answered, <= max_calls_in_flight; guarded by
  // mutex_.
  size_t calls_in_flight_ = 0;
};

}  // namespace grove::container
