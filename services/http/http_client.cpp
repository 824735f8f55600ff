#include "services/http/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

namespace grove::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

Result<HttpReply> http_request(const std::string& host, uint16_t port, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::string& content_type, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  std::string endpoint = fmt::format("{}:{}", host, port);
  try {
    asio::ip::tcp::resolver resolver(io);
    stream.expires_after(timeout);
    stream.connect(resolver.resolve(host, std::to_string(port)));
    stream.socket().set_option(asio::ip::tcp::no_delay(true));
    bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
    req.set(bhttp::field::host, endpoint);
    req.set(bhttp::field::user_agent, "grove");
    if (!body.empty() || method == "POST" || method == "PUT") {
      req.set(bhttp::field::content_type, content_type);
      req.body() = body;
      req.prepare_payload();
    }
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1ull << 30);
    bhttp::read(stream, buffer, parser);
    auto& res = parser.get();
    HttpReply reply;
    reply.status = static_cast<int>(res.result_int());
    reply.content_type = std::string(res[bhttp::field::content_type]);
    reply.body = std::move(res.body());
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return reply;
  } catch (const beast::system_error& e) {
    if (e.code() == beast::error::timeout) {
      return Status::DeadlineExceeded(fmt::format("{} {} on {}: no answer within {} ms", method,
                                                  target, endpoint, timeout.count()));
    }
    return Status::Unavailable(fmt::format("{} {} on {}: {}", method, target, endpoint, e.code().message()));
  }
}

}  // namespace grove::http
