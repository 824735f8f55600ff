#pragma once

// SearchConnection: one keep-alive HTTP/1.1 connection to a search container, for the load
// generator's client threads (Boost.Beast, synchronous, TCP_NODELAY). It is the client side of
// the measurement, not the server under test, so blocking calls are fine. A connection the server
// closed (or an exchange that failed) is opened again on the next call.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(Endpoint e, parse_endpoint("http://127.0.0.1:8080"));
//   SearchConnection c(e);
//   Result<HttpAnswer> a = c.get("/search/?yql=...");
//
// Owned by one thread at a time (externally synchronized).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::perf {

struct Endpoint {
  std::string host;
  uint16_t port = 0;
};

// "http://HOST:PORT" (a trailing "/" is allowed). InvalidArgument otherwise.
Result<Endpoint> parse_endpoint(std::string_view url);

struct HttpAnswer {
  int status = 0;
  std::string body;
};

class SearchConnection {
 public:
  explicit SearchConnection(Endpoint endpoint,
                            std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~SearchConnection();
  SearchConnection(SearchConnection&&) noexcept;
  SearchConnection& operator=(SearchConnection&&) noexcept;

  // Opens the connection unless it is open. Unavailable when the server cannot be reached.
  Status connect();

  // GET `target`. Any HTTP status is a successful result; Unavailable when the exchange fails
  // (the connection is then closed), DeadlineExceeded after the timeout. When a kept-alive
  // connection turns out to be closed, the request is sent once more on a new one.
  Result<HttpAnswer> get(const std::string& target);

 private:
  // One request and its answer on the (re)opened connection.
  Result<HttpAnswer> exchange(const std::string& target);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace grove::perf
