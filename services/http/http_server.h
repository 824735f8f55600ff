#pragma once

// HttpServer: an HTTP/1.1 server on Boost.Beast and Asio, shared by every Grove server for its
// API and for /state/v1/health and metrics.
//
//  - Keep-alive; TCP_NODELAY on every connection.
//  - Bounded: at most `max_connections` open connections (more are answered 503 and closed),
//    at most `max_request_bytes` per request (413), and an idle timeout.
//  - Malformed requests get 400; every error body is JSON.
//  - Handlers are asynchronous: they get the request and an HttpResponder to call exactly once,
//    from any thread, when the answer is ready. No thread is blocked per outstanding request.
//
// Usage:
//   HttpServer server(options, [](HttpRequest req, HttpResponder respond) {
//     respond(HttpResponse::json(200, R"({"status":{"code":"up"}})"));
//   });
//   Status s = server.start();  ...  server.stop();
//
// Lifecycle: start() binds and runs `threads` I/O threads; stop() stops accepting, closes the
// connections, and joins the threads. Thread-safe; not copyable.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "services/base/status.h"

namespace grove::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent
  std::string path;    // decoded path, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The last value of a query parameter, or nullptr.
  const std::string* param(std::string_view name) const;
  // The value of a header (case-insensitive name), or an empty string.
  std::string header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static HttpResponse json(int status, std::string body) {
    return HttpResponse{status, "application/json", std::move(body), {}};
  }
  // {"code":<status>,"message":"..."}
  static HttpResponse error(int status, std::string_view message);
};

// Call exactly once. Copyable and thread-safe; later calls are ignored.
using HttpResponder = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(HttpRequest, HttpResponder)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (see HttpServer::port())
  size_t threads = 2;
  size_t max_connections = 1024;
  size_t max_request_bytes = 64 << 20;
  std::chrono::seconds idle_timeout{60};
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving. IoError naming the address if it cannot listen.
  Status start();
  void stop();
  // The bound port (useful when options.port was 0).
  uint16_t port() const;
  size_t open_connections() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// Percent-decodes `text`; '+' becomes a space when `plus_as_space`.
std::string url_decode(std::string_view text, bool plus_as_space);

}  // namespace grove::http
