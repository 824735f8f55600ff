#include "services/base/strings.h"

#include "services/base/parse_number.h"

namespace grove {

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

Result<HostPort> parse_host_port(std::string_view text, std::string_view what) {
  size_t colon = text.rfind(':');
  HostPort out;
  if (colon == std::string_view::npos || colon == 0 || !parse_number(text.substr(colon + 1), out.port) ||
      out.port == 0) {
    return Status::InvalidArgument(std::string(what) + ": '" + std::string(text) +
                                   "' is not HOST:PORT (e.g. 127.0.0.1:19071)");
  }
  out.host = std::string(text.substr(0, colon));
  return out;
}

}  // namespace grove
