#include "services/rpc/rpc_connection.h"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace grove::rpc {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

RpcConnection::RpcConnection(Strand strand, std::string endpoint, uint32_t max_frame_bytes)
    : socket_(strand),
      resolver_(strand),
      connect_timer_(strand),
      endpoint_(std::move(endpoint)),
      max_frame_bytes_(max_frame_bytes) {}

void RpcConnection::connect(const std::string& host, uint16_t port, Duration timeout,
                            StatusHandler done) {
  connect_done_ = std::move(done);
  connect_timeout_ = timeout;
  auto self = shared_from_this();
  connect_timer_.expires_after(timeout);
  connect_timer_.async_wait([self](const error_code& ec) {
    if (ec || self->closed_ || !self->connect_done_) return;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(self->connect_timeout_).count();
    self->finish_connect(Status::Unavailable(
        fmt::format("cannot connect to content node {}: no connection within {} ms", self->endpoint_, ms)));
  });
  resolver_.async_resolve(
      host, std::to_string(port), tcp::resolver::numeric_service,
      [self](const error_code& ec, const tcp::resolver::results_type& results) {
        if (self->closed_ || !self->connect_done_) return;
        if (ec) return self->on_connected(ec);
        asio::async_connect(self->socket_, results,
                            [self](const error_code& ec, const tcp::endpoint&) { self->on_connected(ec); });
      });
}

void RpcConnection::on_connected(const error_code& ec) {
  if (closed_ || !connect_done_) return;
  if (ec) {
    return finish_connect(Status::Unavailable(
        fmt::format("cannot connect to content node {}: {}", endpoint_, ec.message())));
  }
  error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  finish_connect(Status::Ok());
}

void RpcConnection::finish_connect(Status status) {
  StatusHandler done = std::move(connect_done_);
  connect_done_ = nullptr;
  error_code ignored;
  connect_timer_.cancel(ignored);
  if (!status.ok()) close();
  done(std::move(status));
}

void RpcConnection::call(std::string frame, ReplyHandler done) {
  GROVE_ASSERT(!closed_ && !reply_done_ && !connect_done_);
  const uint64_t op = ++op_;
  error_code ignored;
  socket_.cancel(ignored);  // ends the idle watch, if any
  reply_done_ = std::move(done);
  // The write's buffer lives in its handler: a call can end (a reply, a close) before the
  // write's handler has run, and the buffer must outlive the operation.
  auto buffer = std::make_shared<std::string>(std::move(frame));
  auto self = shared_from_this();
  asio::async_write(socket_, asio::buffer(*buffer), [self, op, buffer](const error_code& ec, size_t) {
    if (ec && !self->stale(op)) self->fail_call(self->lost(ec));
  });
  read_reply(op);
}

void RpcConnection::read_reply(uint64_t op) {
  // Most replies are small: room for the header and a body of this size means one read each.
  constexpr size_t kInitialReplyBuffer = 16 * 1024;
  if (reply_.size() < kInitialReplyBuffer) reply_.resize(kInitialReplyBuffer);
  have_ = 0;
  on_reply_bytes(op);
}

void RpcConnection::on_reply_bytes(uint64_t op) {
  uint32_t size = 0;
  if (have_ >= kFrameHeaderBytes) {
    size = frame_length(reinterpret_cast<const uint8_t*>(reply_.data()));
    if (size == 0 || size > max_frame_bytes_) {
      return fail_call(Status::Unavailable(
          fmt::format("malformed frame from content node {}: length {} (limit {})", endpoint_,
                      size, max_frame_bytes_)));
    }
    const size_t frame = kFrameHeaderBytes + size_t{size};
    if (have_ > frame) {
      return fail_call(Status::Unavailable(fmt::format(
          "content node {} sent {} bytes after its reply", endpoint_, have_ - frame)));
    }
    if (have_ == frame) return deliver_reply(size);
    if (reply_.size() < frame) reply_.resize(frame);
    // The rest of a known length: read exactly that, so nothing beyond the frame is taken.
    auto self = shared_from_this();
    asio::async_read(socket_, asio::buffer(reply_.data() + have_, frame - have_),
                     [self, op, size](const error_code& ec, size_t) {
                       if (self->stale(op)) return;
                       if (ec) return self->fail_call(self->lost(ec));
                       self->deliver_reply(size);
                     });
    return;
  }
  auto self = shared_from_this();
  socket_.async_read_some(asio::buffer(reply_.data() + have_, reply_.size() - have_),
                          [self, op](const error_code& ec, size_t n) {
                            if (self->stale(op)) return;
                            if (ec) return self->fail_call(self->lost(ec));
                            self->have_ += n;
                            self->on_reply_bytes(op);
                          });
}

void RpcConnection::deliver_reply(uint32_t size) {
  ReplyHandler done = std::move(reply_done_);
  reply_done_ = nullptr;
  done(std::string_view(reply_.data() + kFrameHeaderBytes, size));
}

void RpcConnection::fail_call(Status status) {
  ReplyHandler done = std::move(reply_done_);
  reply_done_ = nullptr;
  close();
  if (done) done(std::move(status));
}

void RpcConnection::watch_idle(StatusHandler on_lost) {
  GROVE_ASSERT(!closed_ && !reply_done_);
  const uint64_t op = ++op_;
  auto self = shared_from_this();
  socket_.async_read_some(asio::buffer(&idle_byte_, 1),
                          [self, op, on_lost = std::move(on_lost)](const error_code& ec, size_t) {
                            if (self->stale(op)) return;
                            Status why = ec ? self->lost(ec)
                                            : Status::Unavailable(fmt::format(
                                                  "content node {} sent data on an idle connection",
                                                  self->endpoint_));
                            self->close();
                            on_lost(std::move(why));
                          });
}

void RpcConnection::close() {
  closed_ = true;
  reply_done_ = nullptr;
  connect_done_ = nullptr;
  error_code ignored;
  socket_.close(ignored);
  resolver_.cancel();
  connect_timer_.cancel(ignored);
}

Status RpcConnection::lost(const error_code& ec) const {
  if (ec == asio::error::eof) {
    return Status::Unavailable(fmt::format("content node {} closed the connection", endpoint_));
  }
  return Status::Unavailable(fmt::format("connection to content node {} failed: {}", endpoint_, ec.message()));
}

}  // namespace grove::rpc
