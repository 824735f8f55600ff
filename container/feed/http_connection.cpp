#include "container/feed/http_connection.h"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "services/base/assert.h"

namespace grove::feed {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kMaxResponseBytes = 16 << 20;

}  // namespace

HttpConnection::HttpConnection(asio::io_context& io, const tcp::resolver::results_type& endpoints,
                               std::string host_header, size_t index, Listener& listener)
    : stream_(io), endpoints_(endpoints), host_header_(std::move(host_header)), index_(index),
      listener_(listener) {}

void HttpConnection::send(std::string_view method, std::string target, std::string_view body,
                          SteadyTime deadline) {
  GROVE_ASSERT(!busy_);
  busy_ = true;
  result_ = AttemptResult{};
  request_ = Request{};
  request_.version(11);
  request_.method_string(beast::string_view(method.data(), method.size()));
  request_.target(target);
  request_.set(bhttp::field::host, host_header_);
  request_.set(bhttp::field::user_agent, "grove-feed");
  if (!body.empty()) request_.set(bhttp::field::content_type, "application/json");
  request_.body() = Request::body_type::value_type(body.data(), body.size());
  request_.prepare_payload();
  stream_.expires_at(deadline);
  if (connected_) return write();
  stream_.async_connect(endpoints_, [this](beast::error_code ec, const tcp::endpoint&) {
    if (ec) return finish_with_error(ec, "connect");
    connected_ = true;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    write();
  });
}

void HttpConnection::write() {
  bhttp::async_write(stream_, request_, [this](beast::error_code ec, size_t bytes) {
    result_.request_bytes = bytes;
    if (ec) return finish_with_error(ec, "write");
    read();
  });
}

void HttpConnection::read() {
  parser_.emplace();
  parser_->body_limit(kMaxResponseBytes);
  bhttp::async_read(stream_, buffer_, *parser_, [this](beast::error_code ec, size_t bytes) {
    result_.response_bytes = bytes;
    if (ec) return finish_with_error(ec, "read");
    auto& response = parser_->get();
    result_.status = static_cast<int>(response.result_int());
    result_.body = std::move(response.body());
    if (!response.keep_alive()) close();
    finish();
  });
}

void HttpConnection::finish_with_error(const beast::error_code& ec, std::string_view stage) {
  result_.timed_out = ec == beast::error::timeout;
  result_.error = result_.timed_out ? fmt::format("timed out ({})", stage)
                                    : fmt::format("{} failed: {}", stage, ec.message());
  close();
  finish();
}

void HttpConnection::finish() {
  busy_ = false;
  // Moved out first: the listener may start the next request on this connection.
  AttemptResult result = std::move(result_);
  listener_.on_attempt_done(*this, result);
}

void HttpConnection::close() {
  beast::error_code ignored;
  if (stream_.socket().is_open()) {
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }
  buffer_.clear();
  connected_ = false;
}

}  // namespace grove::feed
