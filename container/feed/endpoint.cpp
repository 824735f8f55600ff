#include "container/feed/endpoint.h"

#include <fmt/format.h>

#include <algorithm>

namespace grove::feed {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 5 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<Endpoint> parse_endpoint(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    return Status::InvalidArgument(
        fmt::format("endpoint '{}': expected http://host[:port] (https is not supported)", url));
  }
  std::string_view rest = url.substr(kScheme.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) {
    return Status::InvalidArgument(fmt::format("endpoint '{}': a path is not supported", url));
  }
  Endpoint endpoint;
  std::string_view host = rest;
  std::string_view port = "80";
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return Status::InvalidArgument(fmt::format("endpoint '{}': no host", url));
  if (!all_digits(port) || std::stoi(std::string(port)) > 65535) {
    return Status::InvalidArgument(fmt::format("endpoint '{}': bad port '{}'", url, port));
  }
  endpoint.host = std::string(host);
  endpoint.port = std::string(port);
  endpoint.host_header = std::string(rest);
  return endpoint;
}

}  // namespace grove::feed
