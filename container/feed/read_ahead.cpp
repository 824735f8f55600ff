#include "container/feed/read_ahead.h"

#include <algorithm>

namespace grove::feed {

ReadAhead::ReadAhead(FeedReader& reader, size_t capacity, size_t batch_size,
                     std::function<void()> notify)
    : reader_(reader), capacity_(std::max<size_t>(1, capacity)),
      batch_size_(std::clamp<size_t>(batch_size, 1, capacity_)), notify_(std::move(notify)) {}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_room_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ReadAhead::start() { thread_ = std::thread([this] { run(); }); }

void ReadAhead::run() {
  std::vector<FeedItem> batch;
  batch.reserve(batch_size_);
  while (std::optional<FeedItem> item = reader_.next()) {
    batch.push_back(std::move(*item));
    if (batch.size() < batch_size_) continue;
    if (!push(std::move(batch))) return;
    batch = {};
    batch.reserve(batch_size_);
  }
  if (!batch.empty() && !push(std::move(batch))) return;
  {
    std::lock_guard lock(mutex_);
    reader_done_ = true;
  }
  notify_();
}

bool ReadAhead::push(std::vector<FeedItem> batch) {
  {
    std::unique_lock lock(mutex_);
    has_room_.wait(lock, [&] { return stopping_ || queued_items_ + batch.size() <= capacity_; });
    if (stopping_) return false;
    queued_items_ += batch.size();
    batches_.push_back(std::move(batch));
  }
  notify_();
  return true;
}

std::optional<std::vector<FeedItem>> ReadAhead::try_take() {
  std::optional<std::vector<FeedItem>> batch;
  {
    std::lock_guard lock(mutex_);
    if (batches_.empty()) return std::nullopt;
    batch = std::move(batches_.front());
    batches_.pop_front();
    queued_items_ -= batch->size();
  }
  has_room_.notify_one();
  return batch;
}

bool ReadAhead::finished() const {
  std::lock_guard lock(mutex_);
  return reader_done_ && batches_.empty();
}

}  // namespace grove::feed
