#pragma once

// http_get: one blocking HTTP/1.1 GET to 127.0.0.1 for system tests (5 s receive timeout).

#include <cstdint>
#include <string>

namespace grove::testing {

struct HttpResult {
  int status = 0;  // 0 when nothing could be read
  std::string body;
};

HttpResult http_get(uint16_t port, const std::string& target);

}  // namespace grove::testing
