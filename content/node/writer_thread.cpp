#include "content/node/writer_thread.h"

#include <future>

#include "services/base/thread_name.h"

namespace grove::content {

WriterThread::WriterThread(std::function<void()> commit_hook)
    : commit_hook_(std::move(commit_hook)), thread_([this] {
        set_thread_name("grove-writer");
        loop();
      }) {}

bool WriterThread::post(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

void WriterThread::run_sync(Task task) {
  std::promise<void> done;
  std::future<void> finished = done.get_future();
  bool queued = post([this, &task, &done] {
    task();
    after_commit([&done] { done.set_value(); });
  });
  if (queued) finished.wait();
}

void WriterThread::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WriterThread::loop() {
  std::vector<Task> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      batch.swap(queue_);
    }
    for (Task& task : batch) task();
    batch.clear();
    commit_hook_();
    std::vector<Task> done;
    done.swap(completions_);
    for (Task& d : done) d();
  }
}

}  // namespace grove::content
