#pragma once

// ContainerCluster: one `<container>` cluster: stateless nodes serving the query API
// (`<search/>`) and/or the document API (`<document-api/>`) on one HTTP port (DESIGN §2).
// Plain value types; immutable once in an ApplicationModel.

#include <cstdint>
#include <string>
#include <vector>

namespace grove::config {

struct ContainerNode {
  std::string hostalias;  // "" for the implicit node of a container without `<nodes>`
  std::string hostname;   // from hosts.xml; "localhost" without one
  int line = 0;
};

struct ContainerCluster {
  std::string id;
  bool search = false;
  bool document_api = false;
  uint16_t http_port = 8080;
  std::vector<ContainerNode> nodes;  // Invariant: never empty
};

}  // namespace grove::config
