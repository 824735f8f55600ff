#pragma once

// GroupCommitter: the queue in front of a store's single writer, and the thread that drains it
// in groups so that concurrent writers share one transaction and one durable commit.
//
// Policy: the committer takes the queued items as one group once the oldest of them has waited
// `window` (items that queued up while the previous commit was syncing are therefore taken at
// once), or earlier when `max_group_ops` operations or `max_group_bytes` payload bytes are
// queued. It hands the group to the commit function, which applies and commits it and sets each
// item's status; then it runs the items' callbacks, in order, on the committer thread.
//
// Usage:
//   GroupCommitter committer(options, [&](std::span<CommitItem> group) { ... });
//   committer.submit(CommitItem::for_batch(std::move(batch), std::move(done)));
//   committer.stop();   // stops admitting, drains the queue, joins
//
// Thread-safe: submit() from any thread. The commit function and the callbacks run on the one
// committer thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "content/store/document_store.h"
#include "content/store/write_batch.h"
#include "services/base/status.h"

namespace grove::store {

class LmdbWriter;

// Maintenance work run inside a group's write transaction (delete a bucket, set a flag, purge).
// It must be safe to run again if its group failed and is retried item by item.
using CommitJob = std::function<Status(LmdbWriter& writer)>;

struct CommitItem {
  WriteBatch batch;  // applied when `job` is empty
  CommitJob job;
  WriteCallback done;
  std::chrono::steady_clock::time_point enqueued;
  Status status;  // set by the commit function

  size_t op_count() const { return job ? 1 : batch.size(); }
};

struct GroupCommitOptions {
  std::chrono::microseconds window{1000};
  size_t max_group_ops = 4096;
  uint64_t max_group_bytes = 64ull << 20;
  // Beyond this many queued operations, submit() fails with ResourceExhausted (back-pressure);
  // an item is always admitted into an empty queue.
  size_t max_queued_ops = 1 << 16;
};

class GroupCommitter {
 public:
  using CommitFn = std::function<void(std::span<CommitItem> group)>;

  GroupCommitter(GroupCommitOptions options, CommitFn commit);
  ~GroupCommitter();  // stop()
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Queues the item; or calls its callback at once, on the caller's thread, with Unavailable
  // after stop() or ResourceExhausted when the queue is full.
  void submit(CommitItem item);

  // Stops admitting, commits everything queued, joins the committer thread. Idempotent.
  void stop();

 private:
  void run();
  // Waits for a group to be due and moves it into `group`; false once stopped and drained.
  bool take_group(std::vector<CommitItem>& group);
  bool group_due() const;  // requires mu_
  static void finish(CommitItem& item);

  const GroupCommitOptions options_;
  const CommitFn commit_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<CommitItem> queue_;
  size_t queued_ops_ = 0;       // Invariant: the sum of op_count() over queue_ (guarded by mu_)
  uint64_t queued_bytes_ = 0;   // Invariant: the sum of batch payload bytes over queue_
  bool stopping_ = false;       // guarded by mu_; once true, submit() refuses

  std::mutex stop_mu_;  // serializes stop() callers around the join
  std::thread thread_;  // Invariant: joinable until stop() joined it
};

}  // namespace grove::store
