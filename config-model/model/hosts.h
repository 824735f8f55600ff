#pragma once

// Hosts: the host aliases of hosts.xml and the host names they stand for.
//
//   <hosts>
//     <host name="search1.example.com"><alias>node0</alias></host>
//   </hosts>
//
// Without hosts.xml every alias means this host ("localhost"). With it, an alias it does not
// define is an error at the services.xml element that uses it, and an alias defined twice is an
// error in hosts.xml.
//
// Usage:
//   Hosts hosts = Hosts::read(app_dir, diagnostics);
//   std::string hostname = hosts.resolve(services, node_element, "node1");
//
// Immutable after read().

#include <pugixml.hpp>

#include <map>
#include <string>

#include "config-model/model/diagnostic_list.h"
#include "config-model/model/xml_file.h"

namespace grove::config {

class Hosts {
 public:
  static constexpr const char* kLocalhost = "localhost";

  // Reads `app_dir`/hosts.xml when it exists, reporting its problems to `out`.
  static Hosts read(const std::string& app_dir, DiagnosticList& out);

  // True when the package has a hosts.xml (even one with errors).
  bool present() const { return present_; }

  // The host name for `alias`, used by `element` of `file`. Without hosts.xml this is
  // "localhost". An alias hosts.xml does not define is reported at `element` and gives "".
  std::string resolve(const XmlFile& file, pugi::xml_node element, const std::string& alias) const;

 private:
  void read_hosts(const XmlFile& file);

  bool present_ = false;
  bool broken_ = false;  // hosts.xml is unreadable or malformed: already reported, resolve quietly
  std::map<std::string, std::string> hostname_by_alias_;
};

}  // namespace grove::config
