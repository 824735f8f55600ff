#pragma once

// HttpConnection: one persistent HTTP/1.1 connection of the feed client (Boost.Beast).
//
// It carries one request at a time (no pipelining), keeps the connection alive between
// requests, sets TCP_NODELAY, and (re)connects lazily: on the first request and after the
// server closed the connection or an error broke it. Every request has a deadline; past it the
// socket is closed and the attempt ends with `timed_out`.
//
// Usage:
//   HttpConnection conn(io, endpoints, "127.0.0.1:8080", 0, listener);
//   conn.send("POST", "/document/v1/ns/t/docid/a", body, deadline);
//   ... listener.on_attempt_done(conn, result) runs on the io thread, exactly once.
//
// Confined to the io_context's single thread. Owned by the feed session, which must keep it
// (and the body passed to send()) alive until the listener has heard back.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "services/base/clock.h"

namespace grove::feed {

// How one attempt ended.
struct AttemptResult {
  int status = 0;          // the HTTP status; 0 when there was no response
  std::string body;        // the response body
  std::string error;       // when status == 0: what went wrong on the connection
  bool timed_out = false;  // the deadline passed before the response was complete
  size_t request_bytes = 0;
  size_t response_bytes = 0;
};

class HttpConnection {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void on_attempt_done(HttpConnection& connection, AttemptResult& result) = 0;
  };

  HttpConnection(boost::asio::io_context& io,
                 const boost::asio::ip::tcp::resolver::results_type& endpoints,
                 std::string host_header, size_t index, Listener& listener);
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Starts one request. `body` is borrowed until the listener hears back; it must not be busy().
  void send(std::string_view method, std::string target, std::string_view body,
            SteadyTime deadline);
  bool busy() const { return busy_; }
  size_t index() const { return index_; }
  // Closes the socket; a request in progress ends with an error.
  void close();

 private:
  using Request = boost::beast::http::request<boost::beast::http::span_body<const char>>;
  using ResponseParser = boost::beast::http::response_parser<boost::beast::http::string_body>;

  void write();
  void read();
  void finish_with_error(const boost::system::error_code& ec, std::string_view stage);
  void finish();

  boost::beast::tcp_stream stream_;
  const boost::asio::ip::tcp::resolver::results_type& endpoints_;
  std::string host_header_;
  size_t index_;
  Listener& listener_;
  boost::beast::flat_buffer buffer_;
  Request request_;
  std::optional<ResponseParser> parser_;
  AttemptResult result_;
  bool busy_ = false;       // Invariant: true from send() until the listener is called
  bool connected_ = false;  // the socket is open and may be reused
};

}  // namespace grove::feed
