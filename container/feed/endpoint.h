#pragma once

// Endpoint: where the feed goes, parsed from "http://host[:port][/]".
//
// Only plain HTTP is supported; the port defaults to 80. A value type.

#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::feed {

struct Endpoint {
  std::string host;         // "127.0.0.1", "localhost", "[::1]" without the brackets
  std::string port;         // "8080"
  std::string host_header;  // the Host header: "127.0.0.1:8080"
};

// InvalidArgument naming the problem for anything but http://host[:port] with an optional '/'.
Result<Endpoint> parse_endpoint(std::string_view url);

}  // namespace grove::feed
