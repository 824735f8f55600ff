#include "services/http/http_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include <optional>

#include "services/base/json_writer.h"
#include "services/base/logging.h"
#include "services/base/thread_name.h"

namespace grove::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

const std::string* HttpRequest::param(std::string_view name) const {
  for (auto it = query.rbegin(); it != query.rend(); ++it) {
    if (it->first == name) return &it->second;
  }
  return nullptr;
}

std::string HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (beast::iequals(k, beast::string_view(name.data(), name.size()))) return v;
  }
  return {};
}

HttpResponse HttpResponse::error(int status, std::string_view message) {
  JsonWriter w;
  w.begin_object().key("code").number(status).key("message").string(message).end_object();
  return json(status, std::move(w).take());
}

std::string url_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

void parse_target(HttpRequest& req) {
  std::string_view target = req.target;
  size_t q = target.find('?');
  req.path = url_decode(target.substr(0, q), false);
  if (q == std::string_view::npos) return;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      req.query.emplace_back(url_decode(pair.substr(0, eq), true),
                             eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  HttpServerOptions options;
  HttpHandler handler;
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  std::atomic<size_t> connections{0};
  std::atomic<bool> stopping{false};
  uint16_t bound_port = 0;

  void accept();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {}
  ~Session() { server_->connections.fetch_sub(1); }

  void start() { read(); }

  void reject_busy() {
    send_error(503, fmt::format("too many connections (limit {})", server_->options.max_connections),
               false);
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(server_->options.max_request_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(server_->options.idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return close();
    }
    if (ec == bhttp::error::body_limit) {
      return send_error(413, fmt::format("request body is over the limit of {} bytes",
                                         server_->options.max_request_bytes), false);
    }
    if (ec == bhttp::error::header_limit) {
      return send_error(431, "request headers are over the limit of 65536 bytes", false);
    }
    if (ec) return send_error(400, "malformed HTTP request: " + ec.message(), false);
    auto& msg = parser_->get();
    HttpRequest req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    for (const auto& field : msg) req.headers.emplace_back(field.name_string(), field.value());
    req.body = std::move(msg.body());
    keep_alive_ = msg.keep_alive();
    parse_target(req);
    // The responder may run on any thread; it hops back onto this connection's executor.
    auto self = shared_from_this();
    auto done = std::make_shared<std::atomic<bool>>(false);
    HttpResponder respond = [self, done](HttpResponse response) {
      if (done->exchange(true)) return;
      asio::post(self->stream_.get_executor(), [self, r = std::move(response)]() mutable {
        self->write(std::move(r), self->keep_alive_);
      });
    };
    stream_.expires_never();
    server_->handler(std::move(req), std::move(respond));
  }

  void send_error(int status, const std::string& message, bool keep_alive) {
    write(HttpResponse::error(status, message), keep_alive);
  }

  void write(HttpResponse r, bool keep_alive) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->set(bhttp::field::server, "grove");
    res->set(bhttp::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res->set(k, v);
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive && !server_->stopping.load());
    res->prepare_payload();
    stream_.expires_after(server_->options.idle_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res](beast::error_code ec, size_t) {
                         if (ec || !res->keep_alive()) return self->close();
                         self->read();
                       });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<HttpServer::Impl> server_;
  bool keep_alive_ = false;
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept(asio::make_strand(io), [self = shared_from_this()](beast::error_code ec,
                                                                           tcp::socket socket) {
    if (ec) {
      if (!self->stopping) self->accept();
      return;
    }
    if (self->stopping) return;
    socket.set_option(tcp::no_delay(true), ec);
    size_t open = self->connections.fetch_add(1) + 1;
    auto session = std::make_shared<Session>(std::move(socket), self);
    if (open > self->options.max_connections) {
      session->reject_busy();
    } else {
      session->start();
    }
    self->accept();
  });
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_shared<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() { stop(); }

Status HttpServer::start() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return Status::InvalidArgument("bad listen address '" + impl_->options.address + "'");
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IoError(fmt::format("cannot listen on {}:{}: {}", impl_->options.address,
                                       impl_->options.port, ec.message()));
  }
  impl_->bound_port = impl_->acceptor.local_endpoint().port();
  impl_->work.emplace(impl_->io.get_executor());
  impl_->accept();
  for (size_t i = 0; i < std::max<size_t>(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([impl = impl_] {
      set_thread_name("grove-http");
      impl->io.run();
    });
  }
  return Status::Ok();
}

void HttpServer::stop() {
  if (!impl_ || impl_->threads.empty()) return;
  impl_->stopping = true;
  asio::post(impl_->io, [impl = impl_] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->work.reset();
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  // The close posted above may never have run (io.stop() can win the race), and the handlers
  // left in the stopped io_context keep Impl, and so the acceptor, alive: close it here, with no
  // thread running, so the port is free and a connect is refused once stop() returns.
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

size_t HttpServer::open_connections() const { return impl_->connections.load(); }

}  // namespace grove::http
