#include "container/document/feed_batcher.h"

#include <fmt/format.h>

#include <algorithm>


namespace grove::container {

FeedBatcher::FeedBatcher(protocol::ContentService& client, FeedBatchOptions options)
    : client_(client), options_(options) {}

size_t FeedBatcher::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

void FeedBatcher::submit(protocol::FeedOperation op, Deadline deadline, Done done) {
  if (options_.max_batch_size == 0) {
    // No batching: every operation is a batch of its own, sent at once, outside the in-flight cap.
    std::vector<Waiting> one;
    one.push_back(Waiting{std::move(op), deadline, std::move(done)});
    return send(std::move(one), false);
  }
  std::vector<Waiting> batch;
  {
    std::lock_guard lock(mutex_);
    waiting_.push_back(Waiting{std::move(op), deadline, std::move(done)});
    batch = take_batch();
  }
  if (!batch.empty()) send(std::move(batch), true);
}

std::vector<FeedBatcher::Waiting> FeedBatcher::take_batch() {
  std::vector<Waiting> batch;
  if (waiting_.empty() || calls_in_flight_ >= std::max<size_t>(1, options_.max_calls_in_flight)) {
    return batch;
  }
  const size_t n = std::min(waiting_.size(), options_.max_batch_size);
  if (n == waiting_.size()) {
    batch.swap(waiting_);
  } else {
    batch.assign(std::make_move_iterator(waiting_.begin()),
                 std::make_move_iterator(waiting_.begin() + n));
    waiting_.erase(waiting_.begin(), waiting_.begin() + n);
  }
  ++calls_in_flight_;
  return batch;
}

void FeedBatcher::send(std::vector<Waiting> batch, bool counted) {
  protocol::FeedBatchRequest request;
  std::vector<Done> dones;
  request.operations.reserve(batch.size());
  dones.reserve(batch.size());
  Deadline latest = batch.front().deadline;
  for (Waiting& w : batch) {
    latest = std::max(latest, w.deadline);
    w.op.timeout_ms = w.deadline.remaining_ms(SystemClock::instance());
    request.operations.push_back(std::move(w.op));
    dones.push_back(std::move(w.done));
  }
  client_.feed_batch(
      std::move(request), latest,
      [this, dones = std::move(dones), counted](Result<protocol::FeedBatchReply> reply) mutable {
        on_reply(dones, std::move(reply), counted);
      });
}

void FeedBatcher::on_reply(std::vector<Done>& dones, Result<protocol::FeedBatchReply> reply,
                           bool counted) {
  if (reply.ok() && reply->replies.size() != dones.size()) {
    reply =
        Status::Internal(fmt::format("feed_batch to content node {}: {} replies for {} operations",
                                     client_.endpoint(), reply->replies.size(), dones.size()));
  }
  for (size_t i = 0; i < dones.size(); ++i) {
    if (!reply.ok()) {
      dones[i](reply.status());
    } else if (protocol::FeedReply& r = reply->replies[i]; r.error) {
      dones[i](Status(*r.error, std::move(r.message)));
    } else {
      dones[i](std::move(r));
    }
  }
  if (!counted) return;
  std::vector<Waiting> next;
  {
    std::lock_guard lock(mutex_);
    --calls_in_flight_;
    next = take_batch();
  }
  if (!next.empty()) send(std::move(next), true);
}

}  // namespace grove::container
