#pragma once

// FeedSession: the state of one feed on the io thread: admission through the throttle window,
// per-document ordering, dispatch to the connections, retries with back-off, statistics,
// failure lines and the progress line. feed() (feeder.h) is its only user.
//
// Life of an operation:
//   input --admit--> active (in flight) --> ready queue --> on a connection --> done
//              \--> parked behind an earlier op on the same id (IdSequencer)
//   a retryable failure puts it in the retry queue until its back-off has passed, then back in
//   the ready queue. "In flight" counts active operations, whatever step they are at.
//
// Call order: start() once, then everything happens in handlers on the io thread; the session
// releases the io_context (drops its work guard) once the input is finished and nothing is in
// flight, so io.run() returns. Confined to the io thread. Borrows the io_context, the
// addresses, the ReadAhead and the output files, which must outlive it.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "container/feed/aimd_throttle.h"
#include "container/feed/feeder.h"
#include "container/feed/http_connection.h"
#include "container/feed/id_sequencer.h"
#include "container/feed/op_pool.h"
#include "container/feed/read_ahead.h"

namespace grove::feed {

class FeedSession final : public HttpConnection::Listener {
 public:
  FeedSession(boost::asio::io_context& io, const FeedOptions& options,
              const boost::asio::ip::tcp::resolver::results_type& addresses,
              std::string host_header, std::FILE* errors, std::FILE* progress);

  // Starts taking operations from `input` and the progress timer.
  void start(ReadAhead& input);
  // The reader has added a batch or reached the end.
  void on_input();
  void on_attempt_done(HttpConnection& connection, AttemptResult& result) override;

  FeedSummary summary() const;

 private:
  struct RetryEntry {
    SteadyTime due;
    uint64_t sequence;  // keeps equal due times in the order they were scheduled
    PendingOp* op;
    bool operator>(const RetryEntry& other) const {
      return due != other.due ? due > other.due : sequence > other.sequence;
    }
  };

  void advance();
  void admit();
  FeedItem* next_item();
  void activate(PendingOp* op);
  void pump();
  void send(HttpConnection& connection, PendingOp* op);
  void handle_failure(PendingOp* op, const AttemptResult& result);
  void succeed(PendingOp* op);
  void fail(PendingOp* op, int status, std::string_view message);
  void finish_op(PendingOp* op);
  void report(const std::string& line);
  void schedule_retry(PendingOp* op, Duration delay);
  void arm_retry_timer();
  void on_retry_timer();
  void arm_progress_timer();
  void print_progress(bool final_line);
  void maybe_finish();

  boost::asio::io_context& io_;
  const FeedOptions& options_;
  std::FILE* errors_;
  std::FILE* progress_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::unique_ptr<HttpConnection>> connections_;
  std::vector<PendingOp*> on_connection_;  // Invariant: [i] is set iff connections_[i] is busy
  std::vector<HttpConnection*> idle_;
  ReadAhead* input_ = nullptr;
  std::vector<FeedItem> batch_;  // the batch being admitted
  size_t batch_position_ = 0;    // Invariant: <= batch_.size()
  OpPool pool_;
  IdSequencer sequencer_;
  AimdThrottle throttle_;
  std::deque<PendingOp*> ready_;  // active ops waiting for a connection
  std::priority_queue<RetryEntry, std::vector<RetryEntry>, std::greater<>> retries_;
  uint64_t retry_sequence_ = 0;
  boost::asio::steady_timer retry_timer_;
  std::optional<SteadyTime> retry_timer_due_;  // set while the timer is armed
  boost::asio::steady_timer progress_timer_;
  std::mt19937_64 random_;
  FeedStats stats_;
  size_t in_flight_ = 0;  // Invariant: active ops: ready, on a connection or awaiting retry
  size_t peak_in_flight_ = 0;
  size_t peak_parked_ = 0;
  SteadyTime started_{};
  SteadyTime ended_{};
  bool finished_ = false;
  bool progress_shown_ = false;
};

}  // namespace grove::feed
