#pragma once

// WriterThread: the single thread that applies every change to a content node's in-memory
// indexes (DESIGN §8), in the order the changes were posted.
//
// It runs posted tasks in batches: it takes every task queued so far, runs them, calls the
// commit hook once (which publishes the changes to queries), and only then runs the
// completions the tasks registered with after_commit(). A write is therefore acknowledged only
// once it is searchable, and one commit serves many writes.
//
// Thread-safe: post() from any thread; after_commit() only from inside a task. stop() drains
// what is queued, then joins.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace grove::content {

class WriterThread {
 public:
  using Task = std::function<void()>;

  explicit WriterThread(std::function<void()> commit_hook);
  ~WriterThread() { stop(); }
  WriterThread(const WriterThread&) = delete;
  WriterThread& operator=(const WriterThread&) = delete;

  // Queues a task; false (and the task is dropped) after stop().
  bool post(Task task);
  // From inside a task: runs `done` after the commit that publishes this batch.
  void after_commit(Task done) { completions_.push_back(std::move(done)); }
  // Posts a task and waits until it has run and been committed.
  void run_sync(Task task);
  void stop();

 private:
  void loop();

  std::function<void()> commit_hook_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Task> queue_;  // guarded by mutex_
  bool stopping_ = false;    // guarded by mutex_
  std::vector<Task> completions_;  // writer thread only
  std::thread thread_;
};

}  // namespace grove::content
