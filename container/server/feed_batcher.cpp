#include "container/server/feed_batcher.h"

#include <fmt/format.h>

#include <algorithm>

#include "services/idl/wire_status.h"

namespace grove::container {

FeedBatcher::FeedBatcher(rpc::AsyncContentClient& client, FeedBatchOptions options)
    : client_(client), options_(options) {}

size_t FeedBatcher::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

void FeedBatcher::submit(wire::FeedOperation op, Deadline deadline, Done done) {
  if (options_.max_batch_size == 0)
    return send_single(Waiting{std::move(op), deadline, std::move(done)});
  std::vector<Waiting> batch;
  {
    std::lock_guard lock(mutex_);
    waiting_.push_back(Waiting{std::move(op), deadline, std::move(done)});
    batch = take_batch();
  }
  if (!batch.empty()) send(std::move(batch));
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

void FeedBatcher::send(std::vector<Waiting> batch) {
  std::vector<wire::FeedOperation> ops;
  std::vector<Done> dones;
  ops.reserve(batch.size());
  dones.reserve(batch.size());
  Deadline latest = batch.front().deadline;
  for (Waiting& w : batch) {
    latest = std::max(latest, w.deadline);
    w.op.__set_timeout_ms(w.deadline.remaining_ms(SystemClock::instance()));
    ops.push_back(std::move(w.op));
    dones.push_back(std::move(w.done));
  }
  client_.feed_batch(
      ops, latest,
      [this, dones = std::move(dones)](Result<std::vector<wire::FeedReply>> reply) mutable {
        on_reply(dones, std::move(reply));
      });
}

void FeedBatcher::on_reply(std::vector<Done>& dones, Result<std::vector<wire::FeedReply>> reply) {
  if (reply.ok() && reply->size() != dones.size()) {
    reply =
        Status::Internal(fmt::format("feed_batch to content node {}: {} replies for {} operations",
                                     client_.endpoint(), reply->size(), dones.size()));
  }
  for (size_t i = 0; i < dones.size(); ++i) {
    if (!reply.ok()) {
      dones[i](reply.status());
    } else if (wire::FeedReply& r = (*reply)[i]; r.__isset.error) {
      dones[i](status_from_wire(r.error, r.message));
    } else {
      dones[i](std::move(r));
    }
  }
  std::vector<Waiting> next;
  {
    std::lock_guard lock(mutex_);
    --calls_in_flight_;
    next = take_batch();
  }
  if (!next.empty()) send(std::move(next));
}

void FeedBatcher::send_single(Waiting w) {
  if (w.op.__isset.put) return client_.feed_put(w.op.put, w.deadline, std::move(w.done));
  if (w.op.__isset.update) return client_.feed_update(w.op.update, w.deadline, std::move(w.done));
  client_.feed_remove(w.op.remove, w.deadline, std::move(w.done));
}

}  // namespace grove::container
