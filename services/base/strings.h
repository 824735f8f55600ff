#pragma once

// Small string helpers shared by the parsers of every layer (schemas, services.xml, command-line
// values, test files).
//
// Usage:
//   std::string_view word = trim("  music \n");  // "music"
//   Result<HostPort> cs = parse_host_port("127.0.0.1:19071", "--configserver");
//
// Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove {

// True for the ASCII whitespace of the C locale: space, \t, \n, \v, \f and \r.
constexpr bool is_ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// `text` without leading and trailing ASCII whitespace; a view into `text` (empty when `text`
// is blank). Never fails.
std::string_view trim(std::string_view text);

struct HostPort {
  std::string host;
  uint16_t port = 0;
};

// "HOST:PORT" (a port in 1..65535; the host not empty). InvalidArgument naming `what` (e.g. the
// flag) and the text otherwise.
Result<HostPort> parse_host_port(std::string_view text, std::string_view what);

}  // namespace grove
