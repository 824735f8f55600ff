#pragma once

// ReadAhead: runs a FeedReader on its own thread and hands the items to the feed client's io
// thread in batches, never more than `capacity` items ahead. This is the only place memory could
// grow with the size of a feed, so it is bounded here.
//
// Usage:
//   ReadAhead ahead(reader, 512, 64, [&] { asio::post(io, [&] { session.on_input(); }); });
//   ahead.start();
//   ... on the io thread:
//   while (auto batch = ahead.try_take()) for (FeedItem& item : *batch) ...;
//   if (ahead.finished()) ...;
//
// Thread-safe: the reader thread produces, one consumer thread takes. `notify` runs on the
// reader thread after each batch and at the end. The destructor stops and joins the thread
// (a reader blocked on a read, say of a terminal, is waited for).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "container/feed/feed_reader.h"

namespace grove::feed {

class ReadAhead {
 public:
  ReadAhead(FeedReader& reader, size_t capacity, size_t batch_size, std::function<void()> notify);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  void start();
  // The next batch if one is ready; never blocks.
  std::optional<std::vector<FeedItem>> try_take();
  // True once the reader reached the end and every batch has been taken.
  bool finished() const;

 private:
  void run();
  bool push(std::vector<FeedItem> batch);

  FeedReader& reader_;
  size_t capacity_;
  size_t batch_size_;
  std::function<void()> notify_;
  mutable std::mutex mutex_;
  std::condition_variable has_room_;
  std::deque<std::vector<FeedItem>> batches_;  // guarded by mutex_
  size_t queued_items_ = 0;  // guarded by mutex_. Invariant: the items in batches_
  bool reader_done_ = false;  // guarded by mutex_
  bool stopping_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace grove::feed
