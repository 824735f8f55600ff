#pragma once

// ContentParser: reads one `<content>` element of services.xml into a ContentCluster, and
// records how it was written (ContentSource) so ContentValidator can point at the right lines.
//
// Reported here: unknown, ignored and unsupported elements, bad values, a missing id or
// `<documents>`, `<redundancy>` together with `<min-redundancy>`. The Vespa Cloud form
// `<nodes count="N" groups="G"/>` is converted to total copies: redundancy and searchable-copies
// are per group there, so both are multiplied by G.
//
// Usage:
//   ParsedContent parsed = ContentParser(file, hosts).parse(content_element);
//   ContentValidator(diagnostics).validate(parsed);
//
// Borrows the file and hosts for its lifetime; stateless between calls.

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <vector>

#include "config-model/model/content_cluster.h"
#include "config-model/model/content_tree.h"
#include "config-model/model/hosts.h"
#include "config-model/model/xml_file.h"

namespace grove::config {

// Where a content cluster's settings were written; 0 lines mean "not written" (defaulted).
struct ContentSource {
  std::string file;     // "services.xml"
  std::string element;  // "<content id='music'>"
  int line = 0;
  int redundancy_line = 0;
  int searchable_copies_line = 0;
  int dispatch_policy_line = 0;
  std::vector<int> document_lines;  // of each `<document>` in cluster.documents, same order
  bool copies_ok = true;  // false: redundancy or searchable-copies was unreadable (reported)
  ContentTree tree;       // the tree as read; its root is moved into the cluster
};

struct ParsedContent {
  ContentCluster cluster;
  ContentSource source;
};

class ContentParser {
 public:
  ContentParser(const XmlFile& file, const Hosts& hosts) : file_(file), hosts_(hosts) {}

  // Always returns a cluster; problems are reported to the file's diagnostics.
  ParsedContent parse(pugi::xml_node content) const;

 private:
  void read_documents(pugi::xml_node content, ParsedContent& parsed) const;
  void read_copies(pugi::xml_node content, ParsedContent& parsed) const;
  void read_engine(pugi::xml_node content, ParsedContent& parsed) const;
  void read_tuning(pugi::xml_node content, ParsedContent& parsed) const;
  void read_dispatch(pugi::xml_node dispatch, ParsedContent& parsed) const;
  void read_search(pugi::xml_node content, ContentCluster& cluster) const;
  void apply_cloud_form(ParsedContent& parsed, bool searchable_given) const;

  const XmlFile& file_;
  const Hosts& hosts_;
};

}  // namespace grove::config
