#pragma once

// AdminModel: what Grove uses of `<admin version="2.0">`: the config servers. Empty when
// services.xml names none; the tools then use the config server on this host. Plain value types.

#include <string>
#include <vector>

namespace grove::config {

struct ConfigServer {
  std::string hostalias;
  std::string hostname;  // from hosts.xml; "localhost" without one
};

struct AdminModel {
  std::vector<ConfigServer> configservers;
};

}  // namespace grove::config
