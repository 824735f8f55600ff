#include "perf/cluster/search_connection.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include <optional>

#include "services/base/parse_number.h"

namespace grove::perf {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

Result<Endpoint> parse_endpoint(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  std::string_view rest = url;
  if (rest.substr(0, kScheme.size()) == kScheme) rest.remove_prefix(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  size_t colon = rest.rfind(':');
  Endpoint e;
  if (colon == std::string_view::npos || colon == 0 ||
      !parse_number(rest.substr(colon + 1), e.port) || e.port == 0) {
    return Status::InvalidArgument(fmt::format("endpoint '{}' is not http://HOST:PORT", url));
  }
  e.host = std::string(rest.substr(0, colon));
  return e;
}

struct SearchConnection::Impl {
  Endpoint endpoint;
  std::string host_header;
  std::chrono::milliseconds timeout;
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;  // Invariant: set only while the connection is open.
  beast::flat_buffer buffer;

  void close() {
    if (!stream) return;
    beast::error_code ignored;
    stream->socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream.reset();
    buffer.clear();
  }

  Status failure(const std::string& what, const beast::system_error& e) {
    close();
    std::string where = fmt::format("{} on {}", what, host_header);
    if (e.code() == beast::error::timeout) {
      return Status::DeadlineExceeded(
          fmt::format("{}: no answer within {} ms", where, timeout.count()));
    }
    return Status::Unavailable(fmt::format("{}: {}", where, e.code().message()));
  }
};

SearchConnection::SearchConnection(Endpoint endpoint, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host_header = fmt::format("{}:{}", endpoint.host, endpoint.port);
  impl_->endpoint = std::move(endpoint);
  impl_->timeout = timeout;
}

SearchConnection::~SearchConnection() {
  if (impl_) impl_->close();
}
SearchConnection::SearchConnection(SearchConnection&&) noexcept = default;
SearchConnection& SearchConnection::operator=(SearchConnection&&) noexcept = default;

Status SearchConnection::connect() {
  if (impl_->stream) return Status::Ok();
  try {
    asio::ip::tcp::resolver resolver(impl_->io);
    impl_->stream.emplace(impl_->io);
    impl_->stream->expires_after(impl_->timeout);
    impl_->stream->connect(
        resolver.resolve(impl_->endpoint.host, std::to_string(impl_->endpoint.port)));
    impl_->stream->socket().set_option(asio::ip::tcp::no_delay(true));
    return Status::Ok();
  } catch (const beast::system_error& e) {
    return impl_->failure("connect", e);
  }
}

Result<HttpAnswer> SearchConnection::get(const std::string& target) {
  bool reused = impl_->stream.has_value();
  Result<HttpAnswer> answer = exchange(target);
  // A kept-alive connection the server has closed meanwhile fails at once; one fresh attempt.
  if (!answer.ok() && reused && answer.status().code() == StatusCode::kUnavailable) {
    return exchange(target);
  }
  return answer;
}

Result<HttpAnswer> SearchConnection::exchange(const std::string& target) {
  GROVE_RETURN_IF_ERROR(connect());
  try {
    bhttp::request<bhttp::empty_body> req(bhttp::verb::get, target, 11);
    req.set(bhttp::field::host, impl_->host_header);
    req.set(bhttp::field::user_agent, "grove-cluster-bench");
    req.keep_alive(true);
    impl_->stream->expires_after(impl_->timeout);
    bhttp::write(*impl_->stream, req);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1ull << 30);
    bhttp::read(*impl_->stream, impl_->buffer, parser);
    HttpAnswer answer;
    answer.status = static_cast<int>(parser.get().result_int());
    bool keep = parser.get().keep_alive();
    answer.body = std::move(parser.get().body());
    if (!keep) impl_->close();
    return answer;
  } catch (const beast::system_error& e) {
    return impl_->failure("GET " + target.substr(0, 60), e);
  }
}

}  // namespace grove::perf
