#pragma once

// ContainerParser: reads one `<container>` element of services.xml into a ContainerCluster.
//
//   <container id="default" version="1.0">
//     <search/> <document-api/>
//     <http><server id="default" port="8080"/></http>
//     <nodes><node hostalias="node0"/></nodes>      (or Vespa Cloud <nodes count="2"/>)
//   </container>
//
// Without `<nodes>` the cluster has one node on this host. Java components Grove cannot run
// and that would change what the operator gets (search chains, embedders, processing, model
// evaluation, request filters, TLS) are unsupported errors; handlers, config and similar are
// accepted with a warning.
//
// Borrows the file and hosts for its lifetime; stateless between calls.

#include <pugixml.hpp>

#include <string>

#include "config-model/model/container_cluster.h"
#include "config-model/model/hosts.h"
#include "config-model/model/xml_file.h"

namespace grove::config {

// A container cluster and where it was written, for messages about it.
struct ParsedContainer {
  ContainerCluster cluster;
  std::string element;  // "<container id='default'>"
  int line = 0;
  int port_line = 0;  // of `<server>`; 0 when the port is the default
};

class ContainerParser {
 public:
  ContainerParser(const XmlFile& file, const Hosts& hosts) : file_(file), hosts_(hosts) {}

  // Always returns a cluster; problems are reported to the file's diagnostics.
  ParsedContainer parse(pugi::xml_node container) const;

 private:
  void read_search(pugi::xml_node container, ParsedContainer& parsed) const;
  void read_document_api(pugi::xml_node container, ParsedContainer& parsed) const;
  void read_components(pugi::xml_node container) const;
  void read_http(pugi::xml_node container, ParsedContainer& parsed) const;
  void read_nodes(pugi::xml_node container, ParsedContainer& parsed) const;

  const XmlFile& file_;
  const Hosts& hosts_;
};

}  // namespace grove::config
