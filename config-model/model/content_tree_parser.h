#pragma once

// ContentTreeParser: reads the nodes of a `<content>` cluster in any of its three forms:
//   flat         <nodes><node hostalias="node0" distribution-key="0"/>...</nodes>
//   grouped      <group><distribution partitions="1|*"/><group name="g0" distribution-key="0">
//                  <node .../></group>...</group>
//   Vespa Cloud  <nodes count="4" groups="2"/>: nodes node0..node3 on this host, split evenly
//                into groups group0..group1 with partitions "r|*" (r filled in by the caller).
//
// Structural problems (mixing `<group>` and `<nodes>`, nested groups, a group with both groups
// and nodes, missing attributes) are reported here; rules over the whole tree (unique keys and
// aliases, copies per group) are ContentValidator's.
//
// Borrows the file and hosts for its lifetime; stateless between calls.

#include <pugixml.hpp>

#include <optional>

#include "config-model/model/content_tree.h"
#include "config-model/model/hosts.h"
#include "config-model/model/xml_file.h"

namespace grove::config {

class ContentTreeParser {
 public:
  ContentTreeParser(const XmlFile& file, const Hosts& hosts) : file_(file), hosts_(hosts) {}

  // Reads the tree of `content`. Always returns a tree; problems are reported to the file's
  // diagnostics and recorded in the tree's groups_ok/nodes_ok.
  ContentTree parse(pugi::xml_node content) const;

 private:
  void read_flat(pugi::xml_node nodes, ContentTree& tree) const;
  void read_cloud(pugi::xml_node nodes, ContentTree& tree) const;
  void read_top_group(pugi::xml_node top, ContentTree& tree) const;
  void read_partitions(pugi::xml_node group, ContentTree& tree) const;
  std::optional<ContentGroup> read_leaf_group(pugi::xml_node group, ContentTree& tree) const;
  void collect_nested_nodes(pugi::xml_node group, ContentGroup& leaf, ContentTree& tree) const;
  void read_nodes_into(pugi::xml_node parent, ContentGroup& group, ContentTree& tree) const;
  std::optional<ContentNode> read_node(pugi::xml_node node) const;

  const XmlFile& file_;
  const Hosts& hosts_;
};

}  // namespace grove::config
