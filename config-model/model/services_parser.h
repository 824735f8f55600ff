#pragma once

// ServicesParser: reads services.xml: the `<services version="1.0">` root and its `<admin>`,
// `<container>` and `<content>` elements (the latter two through ContainerParser and
// ContentParser), validating each content cluster with ContentValidator.
//
// Rules across clusters (unique ids, ports, schemas) are ApplicationValidator's.
//
// Usage:
//   ParsedServices services = ServicesParser(file, hosts).parse();
//
// Borrows the file and hosts for its lifetime; stateless between calls.

#include <pugixml.hpp>

#include <vector>

#include "config-model/model/admin_model.h"
#include "config-model/model/container_parser.h"
#include "config-model/model/content_parser.h"
#include "config-model/model/hosts.h"
#include "config-model/model/xml_file.h"

namespace grove::config {

struct ParsedServices {
  std::vector<ParsedContent> contents;
  std::vector<ParsedContainer> containers;
  AdminModel admin;
};

class ServicesParser {
 public:
  ServicesParser(const XmlFile& file, const Hosts& hosts) : file_(file), hosts_(hosts) {}

  // Reads every cluster it can; problems are reported to the file's diagnostics.
  ParsedServices parse() const;

 private:
  bool check_root(pugi::xml_node root) const;
  void read_admin(pugi::xml_node admin, ParsedServices& out) const;

  const XmlFile& file_;
  const Hosts& hosts_;
};

}  // namespace grove::config
