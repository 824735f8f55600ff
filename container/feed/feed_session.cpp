#include "container/feed/feed_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "container/feed/document_path.h"
#include "container/feed/retry_policy.h"

namespace grove::feed {

namespace asio = boost::asio;
using std::chrono::steady_clock;

namespace {

double seconds_between(SteadyTime from, SteadyTime to) {
  return std::chrono::duration<double>(to - from).count();
}

bool is_success(int status) { return status >= 200 && status <= 299; }

}  // namespace

FeedSession::FeedSession(asio::io_context& io, const FeedOptions& options,
                         const asio::ip::tcp::resolver::results_type& addresses,
                         std::string host_header, std::FILE* errors, std::FILE* progress)
    : io_(io), options_(options), errors_(errors), progress_(progress),
      throttle_(1, options.max_pending), retry_timer_(io), progress_timer_(io),
      random_(std::random_device{}()) {
  for (size_t i = 0; i < options.connections; ++i) {
    connections_.push_back(std::make_unique<HttpConnection>(io, addresses, host_header, i, *this));
    idle_.push_back(connections_.back().get());
  }
  on_connection_.assign(options.connections, nullptr);
}

void FeedSession::start(ReadAhead& input) {
  input_ = &input;
  work_.emplace(io_.get_executor());
  started_ = steady_clock::now();
  if (options_.progress_enabled) arm_progress_timer();
  asio::post(io_, [this] { advance(); });
}

void FeedSession::on_input() { advance(); }

void FeedSession::advance() {
  if (finished_) return;
  admit();
  pump();
  maybe_finish();
}

// Takes operations from the input while the window and the parked limit allow.
void FeedSession::admit() {
  while (in_flight_ < throttle_.window() && sequencer_.parked() < options_.max_pending) {
    FeedItem* item = next_item();
    if (item == nullptr) return;
    ++stats_.operations;
    if (!item->operation.ok()) {
      ++stats_.errors;
      report(failure_line(*item->source, item->line, "", 0, item->operation.status().message()));
      continue;
    }
    PendingOp* op = pool_.acquire();
    op->op = std::move(item->operation).value();
    op->source = item->source;
    op->line = item->line;
    if (sequencer_.admit(*op)) {
      activate(op);
    } else {
      peak_parked_ = std::max(peak_parked_, sequencer_.parked());
    }
  }
}

FeedItem* FeedSession::next_item() {
  if (batch_position_ == batch_.size()) {
    std::optional<std::vector<FeedItem>> batch = input_->try_take();
    if (!batch) return nullptr;
    batch_ = std::move(*batch);
    batch_position_ = 0;
    if (batch_.empty()) return nullptr;
  }
  return &batch_[batch_position_++];
}

void FeedSession::activate(PendingOp* op) {
  ++in_flight_;
  peak_in_flight_ = std::max(peak_in_flight_, in_flight_);
  op->deadline = steady_clock::now() + options_.timeout;
  ready_.push_back(op);
}

void FeedSession::pump() {
  while (!ready_.empty() && !idle_.empty()) {
    PendingOp* op = ready_.front();
    ready_.pop_front();
    HttpConnection* connection = idle_.back();
    idle_.pop_back();
    send(*connection, op);
  }
}

void FeedSession::send(HttpConnection& connection, PendingOp* op) {
  SteadyTime now = steady_clock::now();
  if (now >= op->deadline) {
    idle_.push_back(&connection);
    return fail(op, 0, fmt::format("timed out after {} attempts", op->attempts));
  }
  ++op->attempts;
  op->epoch = throttle_.epoch();
  op->sent_at = now;
  on_connection_[connection.index()] = op;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(op->deadline - now);
  connection.send(http_method(op->op.kind), request_target(op->op, left), op->op.body,
                  op->deadline);
}

void FeedSession::on_attempt_done(HttpConnection& connection, AttemptResult& result) {
  PendingOp* op = on_connection_[connection.index()];
  on_connection_[connection.index()] = nullptr;
  idle_.push_back(&connection);
  ++stats_.requests;
  stats_.request_bytes += result.request_bytes;
  if (result.status == 0) {
    ++stats_.exceptions;
  } else {
    stats_.record_response(result.status, result.response_bytes,
                           steady_clock::now() - op->sent_at);
  }
  if (is_success(result.status)) {
    throttle_.on_success();
    succeed(op);
  } else {
    handle_failure(op, result);
  }
  advance();
}

void FeedSession::handle_failure(PendingOp* op, const AttemptResult& result) {
  int status = result.status;
  if (is_congestion_status(status) || result.timed_out) throttle_.on_congestion(op->epoch);
  std::string message = status == 0 ? result.error : response_message(result.body);
  if (!is_retryable_status(status)) return fail(op, status, message);
  if (op->attempts > options_.retries) {
    return fail(op, status, fmt::format("{} (gave up after {} attempts)", message, op->attempts));
  }
  Duration delay =
      retry_delay(op->attempts, options_.retry_base_delay, options_.retry_max_delay, random_);
  if (steady_clock::now() + delay >= op->deadline) {
    return fail(op, status, fmt::format("{} (timed out after {} attempts)", message, op->attempts));
  }
  if (options_.verbose) {
    report(fmt::format("retrying {} in {} ms after attempt {}: {}{}", op->op.id,
                       std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(),
                       op->attempts, status == 0 ? "" : fmt::format("HTTP {}: ", status),
                       message));
  }
  ++stats_.retries;
  schedule_retry(op, delay);
}

void FeedSession::succeed(PendingOp* op) {
  ++stats_.ok;
  finish_op(op);
}

void FeedSession::fail(PendingOp* op, int status, std::string_view message) {
  ++stats_.errors;
  report(failure_line(*op->source, op->line, op->op.id, status, message));
  finish_op(op);
}

// The op is done for good: free its slot and let the next op on its id go.
void FeedSession::finish_op(PendingOp* op) {
  --in_flight_;
  PendingOp* next = sequencer_.complete(*op);
  pool_.release(op);
  if (next != nullptr) activate(next);
}

void FeedSession::report(const std::string& line) {
  if (progress_shown_ && errors_ == progress_) std::fputs("\r\033[K", errors_);
  fmt::print(errors_, "{}\n", line);
}

void FeedSession::schedule_retry(PendingOp* op, Duration delay) {
  retries_.push(RetryEntry{steady_clock::now() + delay, retry_sequence_++, op});
  arm_retry_timer();
}

void FeedSession::arm_retry_timer() {
  if (retries_.empty()) return;
  SteadyTime due = retries_.top().due;
  if (retry_timer_due_ && *retry_timer_due_ <= due) return;
  retry_timer_due_ = due;
  retry_timer_.expires_at(due);
  retry_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec == asio::error::operation_aborted) return;
    retry_timer_due_.reset();
    on_retry_timer();
  });
}

void FeedSession::on_retry_timer() {
  SteadyTime now = steady_clock::now();
  while (!retries_.empty() && retries_.top().due <= now) {
    ready_.push_back(retries_.top().op);
    retries_.pop();
  }
  arm_retry_timer();
  advance();
}

void FeedSession::arm_progress_timer() {
  progress_timer_.expires_after(options_.progress_interval);
  progress_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || finished_) return;
    print_progress(false);
    arm_progress_timer();
  });
}

void FeedSession::print_progress(bool final_line) {
  SteadyTime now = final_line ? ended_ : steady_clock::now();
  std::string line = progress_line(stats_, in_flight_, seconds_between(started_, now));
  fmt::print(progress_, "\r\033[K{}{}", line, final_line ? "\n" : "");
  std::fflush(progress_);
  progress_shown_ = !final_line;
}

void FeedSession::maybe_finish() {
  if (finished_ || in_flight_ != 0 || sequencer_.parked() != 0) return;
  if (batch_position_ != batch_.size() || !input_->finished()) return;
  finished_ = true;
  ended_ = steady_clock::now();
  if (options_.progress_enabled) print_progress(true);
  progress_timer_.cancel();
  retry_timer_.cancel();
  for (auto& connection : connections_) connection->close();
  work_.reset();
}

FeedSummary FeedSession::summary() const {
  FeedSummary summary;
  summary.stats = stats_;
  summary.seconds = seconds_between(started_, finished_ ? ended_ : steady_clock::now());
  summary.in_flight = in_flight_;
  summary.peak_in_flight = peak_in_flight_;
  summary.peak_parked = peak_parked_;
  summary.ops_allocated = pool_.allocated();
  summary.final_window = throttle_.window();
  return summary;
}

}  // namespace grove::feed
