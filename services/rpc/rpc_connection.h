#pragma once

// RpcConnection: one TCP connection to a content node that carries one framed call at a time.
//
// The node serves a connection with one thread that reads the next request only after it has
// sent the reply to the previous one, so a connection is either idle or has exactly one call in
// flight; NodePool opens several to get concurrency. A reply is read into a buffer kept by the
// connection, its frame header and (a small) body with one read.
//
// Life: connect() → (call() → reply, watch_idle())* → closed. While idle, watch_idle() keeps a
// one-byte read pending, so a node that closes the connection (it stopped or died) is noticed at
// once rather than by the next call. A failure closes the connection; close() is final and
// afterwards no handler of this connection calls back.
//
// Usage (on the strand):
//   auto c = std::make_shared<RpcConnection>(strand, "127.0.0.1:19100", 64 << 20);
//   c->connect("127.0.0.1", 19100, 1s, [c](Status s) { if (s.ok()) c->call(frame, on_reply); });
//
// Ownership: shared_ptr, held by the NodePool and by every pending Asio handler, so the object
// outlives the socket operations it started. Confined to the node's strand: every method is called
// on it and every callback runs on it.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "services/base/clock.h"
#include "services/base/result.h"
#include "services/rpc/thrift_codec.h"

namespace grove::rpc {

class RpcConnection : public std::enable_shared_from_this<RpcConnection> {
 public:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
  using StatusHandler = std::function<void(Status)>;
  // The reply's body, valid until the next call() on this connection; or why there is none.
  using ReplyHandler = std::function<void(Result<std::string_view>)>;

  // `endpoint` ("host:port") names the node in messages. Reply frames longer than
  // `max_frame_bytes` are malformed.
  RpcConnection(Strand strand, std::string endpoint, uint32_t max_frame_bytes);

  // Resolves `host`, connects within `timeout` and sets TCP_NODELAY. `done` gets OK, or
  // Unavailable (refused, unreachable, timed out), after which the connection is closed.
  void connect(const std::string& host, uint16_t port, Duration timeout, StatusHandler done);

  // Writes `frame` and reads one reply frame. `done` gets the reply's body, or Unavailable on a
  // reset, EOF or malformed frame header, after which the connection is closed. Requires an open
  // connection with no call in flight; ends any watch_idle().
  void call(std::string frame, ReplyHandler done);

  // Calls `on_lost` (Unavailable; the connection is then closed) if the node closes the idle
  // connection or sends anything on it. Ends with the next call() or close().
  void watch_idle(StatusHandler on_lost);

  // Closes the socket. Pending operations end without calling back.
  void close();

 private:
  void on_connected(const boost::system::error_code& ec);
  void finish_connect(Status status);
  // Reads until the buffer holds the reply's frame header, then its whole frame.
  void read_reply(uint64_t op);
  void on_reply_bytes(uint64_t op);
  void deliver_reply(uint32_t size);
  void fail_call(Status status);
  bool stale(uint64_t op) const { return closed_ || op != op_; }
  Status lost(const boost::system::error_code& ec) const;

  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer connect_timer_;
  const std::string endpoint_;
  const uint32_t max_frame_bytes_;
  Duration connect_timeout_{};
  StatusHandler connect_done_;  // set while connecting
  ReplyHandler reply_done_;     // set while a call is in flight
  // The reply being read: its first `have_` bytes have arrived. Holds the last reply's frame
  // (header and body) until the next call.
  std::string reply_;
  size_t have_ = 0;
  uint8_t idle_byte_ = 0;
  // Invariant: a handler of an operation started under an older op_ (or after close) is stale
  // and returns without doing anything.
  uint64_t op_ = 0;
  bool closed_ = false;
};

}  // namespace grove::rpc
