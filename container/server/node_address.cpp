#include "container/server/node_address.h"

#include <fmt/format.h>

#include "services/base/parse_number.h"
#include "services/base/strings.h"

namespace grove::container {

namespace {

Result<NodeAddress> parse_one(std::string_view entry) {
  auto bad = [&] {
    return Status::InvalidArgument(
        fmt::format("bad node '{}': expected <cluster>:<key>=<host>:<port>", entry));
  };
  size_t eq = entry.find('=');
  if (eq == std::string_view::npos) return bad();
  std::string_view left = entry.substr(0, eq), right = entry.substr(eq + 1);
  size_t colon = left.rfind(':');
  size_t host_colon = right.rfind(':');
  if (colon == std::string_view::npos || host_colon == std::string_view::npos) return bad();
  NodeAddress out;
  out.cluster = std::string(left.substr(0, colon));
  out.host = std::string(right.substr(0, host_colon));
  if (out.cluster.empty() || out.host.empty()) return bad();
  if (!parse_number(left.substr(colon + 1), out.key)) return bad();
  if (!parse_number(right.substr(host_colon + 1), out.port) || out.port == 0) return bad();
  return out;
}

}  // namespace

Result<std::vector<NodeAddress>> parse_node_addresses(std::string_view text) {
  std::vector<NodeAddress> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view entry = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    GROVE_ASSIGN_OR_RETURN(NodeAddress node, parse_one(entry));
    out.push_back(std::move(node));
  }
  if (out.empty()) return Status::InvalidArgument("no content nodes given (--nodes)");
  return out;
}

}  // namespace grove::container
