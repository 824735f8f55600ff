#include "content/store/group_committer.h"

#include <exception>
#include <utility>

#include "services/base/logging.h"
#include "services/base/thread_name.h"

namespace grove::store {

GroupCommitter::GroupCommitter(GroupCommitOptions options, CommitFn commit)
    : options_(options), commit_(std::move(commit)) {
  thread_ = std::thread([this] {
    set_thread_name("grove-commit");
    run();
  });
}

GroupCommitter::~GroupCommitter() { stop(); }

void GroupCommitter::submit(CommitItem item) {
  size_t ops = item.op_count();
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      item.status = Status::Unavailable("the document store is closed");
    } else if (!queue_.empty() && queued_ops_ + ops > options_.max_queued_ops) {
      item.status = Status::ResourceExhausted(
          "the document store's write queue is full (" + std::to_string(queued_ops_) +
          " operations waiting); back off and retry");
    } else {
      queued_ops_ += ops;
      queued_bytes_ += item.batch.payload_bytes();
      item.enqueued = std::chrono::steady_clock::now();
      queue_.push_back(std::move(item));
      cv_.notify_one();
      return;
    }
  }
  finish(item);
}

void GroupCommitter::stop() {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void GroupCommitter::run() {
  std::vector<CommitItem> group;
  while (take_group(group)) {
    commit_(group);
    for (CommitItem& item : group) finish(item);
    group.clear();
  }
}

bool GroupCommitter::group_due() const {
  return stopping_ || queued_ops_ >= options_.max_group_ops ||
         queued_bytes_ >= options_.max_group_bytes;
}

bool GroupCommitter::take_group(std::vector<CommitItem>& group) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
  if (queue_.empty()) return false;  // stopping and drained
  auto deadline = queue_.front().enqueued + options_.window;
  cv_.wait_until(lock, deadline, [&] { return group_due(); });
  size_t ops = 0;
  uint64_t bytes = 0;
  while (!queue_.empty()) {
    CommitItem& next = queue_.front();
    bool fits = ops + next.op_count() <= options_.max_group_ops &&
                bytes + next.batch.payload_bytes() <= options_.max_group_bytes;
    if (!group.empty() && !fits) break;
    ops += next.op_count();
    bytes += next.batch.payload_bytes();
    group.push_back(std::move(next));
    queue_.pop_front();
  }
  queued_ops_ -= ops;
  queued_bytes_ -= bytes;
  return true;
}

void GroupCommitter::finish(CommitItem& item) {
  if (!item.done) return;
  try {
    item.done(item.status, item.batch);
  } catch (const std::exception& e) {
    GROVE_LOG_ERROR("a document store write callback threw: {}", e.what());
  } catch (...) {
    GROVE_LOG_ERROR("a document store write callback threw a non-exception");
  }
}

}  // namespace grove::store
