#pragma once

// Blocking HTTP/1.1 requests for command-line tools and tests (Boost.Beast, one connection per
// call, TCP_NODELAY, a timeout on the whole exchange). Servers use HttpServer; the feed client
// has its own asynchronous connection pool.
//
// Usage:
//   Result<HttpReply> r = http_request("127.0.0.1", 8080, "GET", "/state/v1/health");
//   bool healthy = http_get("127.0.0.1", 8080, "/state/v1/health").status == 200;
//
// Thread-safe (no shared state).

#include <chrono>
#include <cstdint>
#include <string>

#include "services/base/result.h"

namespace grove::http {

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Unavailable when the server cannot be reached or the exchange fails; DeadlineExceeded when it
// takes longer than `timeout`. Any HTTP status is a successful result.
Result<HttpReply> http_request(const std::string& host, uint16_t port, const std::string& method,
                               const std::string& target, const std::string& body = {},
                               const std::string& content_type = "application/json",
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A blocking GET for polls and checks that look only at the answer (health, an expected status
// or body): the reply to GET `target`, or, when there is none (no server listening, a failed
// exchange, no answer within `timeout`), a reply with status 0 and an empty body. Use
// http_request() to learn why there was none.
HttpReply http_get(const std::string& host, uint16_t port, const std::string& target,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace grove::http
