#pragma once

// NodeAddress: where one content node of a cluster listens, as given to grove-container with
// `--nodes "<cluster>:<key>=<host>:<port>,..."` (grove up builds this list from the processes it
// started).
//
// Usage:
//   Result<std::vector<NodeAddress>> nodes = parse_node_addresses("music:0=127.0.0.1:19100");
//
// Plain value type and pure function; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::container {

struct NodeAddress {
  std::string cluster;  // content cluster id
  uint16_t key = 0;     // distribution key
  std::string host;
  uint16_t port = 0;  // Thrift port

  friend bool operator==(const NodeAddress&, const NodeAddress&) = default;
};

// Parses a comma-separated list; blanks around entries are ignored. InvalidArgument names the
// first malformed entry; an empty list is InvalidArgument too.
Result<std::vector<NodeAddress>> parse_node_addresses(std::string_view text);

}  // namespace grove::container
