#include "services/http/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

namespace grove::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

bhttp::request<bhttp::string_body> make_request(const std::string& method,
                                                const std::string& target,
                                                const std::string& endpoint,
                                                const std::string& body,
                                                const std::string& content_type) {
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, endpoint);
  req.set(bhttp::field::user_agent, "grove");
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.set(bhttp::field::content_type, content_type);
    req.body() = body;
    req.prepare_payload();
  }
  return req;
}

// One request and its response on one connection, run on a private io_context. The stream's
// expiry is one deadline for connect, write and read together: Beast applies it to
// asynchronous operations only, so the exchange is asynchronous even though the caller blocks.
class Exchange {
 public:
  Exchange(bhttp::request<bhttp::string_body> request, std::chrono::milliseconds timeout)
      : stream_(io_), request_(std::move(request)), timeout_(timeout) {
    parser_.body_limit(1ull << 30);
  }

  // OK, or the error that ended the exchange (beast::error::timeout past the deadline).
  beast::error_code run(const std::string& host, uint16_t port) {
    asio::ip::tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(host, std::to_string(port), error_);
    if (error_) return error_;
    stream_.expires_after(timeout_);
    stream_.async_connect(endpoints, [this](beast::error_code ec, const auto&) { on_connect(ec); });
    io_.run();
    return error_;
  }

  HttpReply reply() {
    auto& res = parser_.get();
    HttpReply reply;
    reply.status = static_cast<int>(res.result_int());
    reply.content_type = std::string(res[bhttp::field::content_type]);
    reply.body = std::move(res.body());
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return reply;
  }

 private:
  void on_connect(beast::error_code ec) {
    if ((error_ = ec)) return;
    beast::error_code ignored;
    stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    bhttp::async_write(stream_, request_, [this](beast::error_code ec, size_t) { on_write(ec); });
  }
  void on_write(beast::error_code ec) {
    if ((error_ = ec)) return;
    bhttp::async_read(stream_, buffer_, parser_, [this](beast::error_code ec, size_t) { error_ = ec; });
  }

  asio::io_context io_;
  beast::tcp_stream stream_;
  bhttp::request<bhttp::string_body> request_;
  beast::flat_buffer buffer_;
  bhttp::response_parser<bhttp::string_body> parser_;
  std::chrono::milliseconds timeout_;
  beast::error_code error_;
};

}  // namespace

Result<HttpReply> http_request(const std::string& host, uint16_t port, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::string& content_type, std::chrono::milliseconds timeout) {
  std::string endpoint = fmt::format("{}:{}", host, port);
  Exchange exchange(make_request(method, target, endpoint, body, content_type), timeout);
  beast::error_code error = exchange.run(host, port);
  if (error == beast::error::timeout) {
    return Status::DeadlineExceeded(fmt::format("{} {} on {}: no answer within {} ms", method,
                                                target, endpoint, timeout.count()));
  }
  if (error) {
    return Status::Unavailable(fmt::format("{} {} on {}: {}", method, target, endpoint, error.message()));
  }
  return exchange.reply();
}

HttpReply http_get(const std::string& host, uint16_t port, const std::string& target,
                   std::chrono::milliseconds timeout) {
  Result<HttpReply> reply = http_request(host, port, "GET", target, {}, {}, timeout);
  return reply.ok() ? std::move(reply).value() : HttpReply{};
}

}  // namespace grove::http
