#include "config-model/model/content_tree_parser.h"

#include <fmt/format.h>

#include <string>

#include "config-model/model/xml_rules.h"
#include "config-model/model/xml_values.h"

namespace grove::config {

namespace {

constexpr int64_t kMaxCloudNodes = 1024;
constexpr int64_t kMaxKey = 65535;

constexpr std::string_view kJvmNote = "content nodes are C++ processes; there is no JVM to tune";

bool has_child(pugi::xml_node parent, const char* name) {
  return bool(parent.child(name));
}

// A Vespa Cloud count or groups value written as a range, e.g. "[4,6]".
bool is_range(pugi::xml_node element, const char* attribute) {
  std::string_view value = element.attribute(attribute).value();
  return value.find('[') != std::string_view::npos || value.find(',') != std::string_view::npos;
}

}  // namespace

ContentTree ContentTreeParser::parse(pugi::xml_node content) const {
  ContentTree tree;
  pugi::xml_node nodes = single_child(file_, content, "nodes");
  pugi::xml_node top = single_child(file_, content, "group");
  if (nodes && top) {
    file_.error(
        top,
        fmt::format(
            "<group> and <nodes> cannot be mixed in one content cluster (<nodes> is on line {}): "
            "write either flat <nodes><node .../></nodes> or a top <group> holding leaf groups",
            file_.line_of(nodes)));
    tree.groups_ok = false;
    tree.nodes_ok = false;
    return tree;
  }
  if (nodes && nodes.attribute("count")) {
    read_cloud(nodes, tree);
  } else if (nodes) {
    read_flat(nodes, tree);
  } else if (top) {
    read_top_group(top, tree);
  } else {
    file_.error(content,
                "the content cluster has no nodes: add <nodes><node hostalias=\"node0\" "
                "distribution-key=\"0\"/></nodes>, a <group> tree, or <nodes count=\"2\"/>");
    tree.groups_ok = false;
    tree.nodes_ok = false;
  }
  return tree;
}

void ContentTreeParser::read_flat(pugi::xml_node nodes, ContentTree& tree) const {
  check_attributes(file_, nodes,
                   {{"count"},
                    {"groups"},
                    {"jvm-options", Use::kIgnored, kJvmNote},
                    {"jvm-gc-options", Use::kIgnored, kJvmNote},
                    {"allocated-memory", Use::kIgnored, kJvmNote},
                    {"preload", Use::kIgnored}});
  check_children(file_, nodes,
                 {{"node"}, {"resources", Use::kIgnored}, {"jvm", Use::kIgnored, kJvmNote}});
  if (nodes.attribute("groups")) {
    file_.error(nodes,
                "groups=\"...\" needs count=\"...\" (the Vespa Cloud form <nodes count=\"4\" "
                "groups=\"2\"/>); with <node> elements, write a <group> tree instead");
  }
  read_nodes_into(nodes, tree.root, tree);
  if (tree.root.nodes.empty() && tree.nodes_ok) {
    file_.error(nodes,
                "<nodes> has no <node>; add e.g. <node hostalias=\"node0\" "
                "distribution-key=\"0\"/>");
    tree.nodes_ok = false;
  }
}

void ContentTreeParser::read_cloud(pugi::xml_node nodes, ContentTree& tree) const {
  check_attributes(file_, nodes,
                   {{"count"},
                    {"groups"},
                    {"group-size", Use::kUnsupported, "write groups=\"G\" (the number of groups)"},
                    {"exclusive", Use::kIgnored, "all nodes of a local cluster are on this host"},
                    {"required", Use::kIgnored, "all nodes of a local cluster are on this host"}});
  check_children(
      file_, nodes,
      {{"node"}, {"resources", Use::kIgnored, "a local cluster uses this host's resources"}});
  tree.cloud_form = true;
  tree.groups_ok = false;
  tree.nodes_ok = false;
  bool both = has_child(nodes, "node");
  if (both) file_.error(nodes, "write either <nodes count=\"N\"/> or <node> elements, not both");
  for (const char* attribute : {"count", "groups"}) {
    if (is_range(nodes, attribute)) {
      file_.error(nodes, fmt::format("{}=\"{}\" is a range (Vespa Cloud autoscaling); Grove needs "
                                     "a fixed number, e.g. {}=\"{}\"",
                                     attribute, nodes.attribute(attribute).value(), attribute,
                                     attribute == std::string_view("count") ? 4 : 2));
      return;
    }
  }
  std::optional<int64_t> count =
      read_int(file_, nodes, "count", 1, kMaxCloudNodes, "the number of content nodes");
  std::optional<int64_t> groups =
      nodes.attribute("groups")
          ? read_int(file_, nodes, "groups", 1, count.value_or(kMaxCloudNodes),
                     "the number of groups, each with a full copy of the corpus")
          : std::optional<int64_t>(1);
  if (!count || !groups || both) return;
  if (*count % *groups != 0) {
    file_.error(
        nodes, fmt::format("count=\"{}\" nodes cannot be split evenly into groups=\"{}\"; "
                           "use a count that is a multiple of {}, e.g. {}",
                           *count, *groups, *groups, *groups * ((*count + *groups - 1) / *groups)));
    return;
  }
  int64_t per_group = *count / *groups;
  tree.cloud_groups = static_cast<int>(*groups);
  tree.grouped = *groups > 1;
  for (int64_t key = 0; key < *count; ++key) {
    ContentNode node{static_cast<uint16_t>(key),
                     fmt::format("node{}", key),
                     Hosts::kLocalhost,
                     file_.line_of(nodes),
                     "",
                     false};
    if (!tree.grouped) {
      tree.root.nodes.push_back(std::move(node));
      continue;
    }
    size_t g = static_cast<size_t>(key / per_group);
    if (tree.root.groups.size() <= g) {
      ContentGroup group;
      group.name = fmt::format("group{}", g);
      group.distribution_key = static_cast<uint16_t>(g);
      group.line = file_.line_of(nodes);
      tree.root.groups.push_back(std::move(group));
    }
    node.group = tree.root.groups[g].name;
    tree.root.groups[g].nodes.push_back(std::move(node));
  }
  tree.root.line = file_.line_of(nodes);
  tree.groups_ok = true;
  tree.nodes_ok = true;
}

void ContentTreeParser::read_top_group(pugi::xml_node top, ContentTree& tree) const {
  check_attributes(file_, top, {{"name"}, {"distribution-key"}});
  check_children(file_, top, {{"group"}, {"node"}, {"distribution"}});
  tree.top_group_line = file_.line_of(top);
  tree.root.line = tree.top_group_line;
  tree.root.name = top.attribute("name").value();
  if (top.attribute("distribution-key")) {
    std::optional<int64_t> key = read_int(file_, top, "distribution-key", 0, kMaxKey,
                                          "the group's key; the top group's key is not used");
    tree.root.distribution_key = static_cast<uint16_t>(key.value_or(0));
  }
  if (has_child(top, "group") && has_child(top, "node")) {
    file_.error(top,
                "a group holds either <node> elements or child <group> elements, not both: "
                "move these nodes into a leaf group of their own");
    tree.groups_ok = false;
  }
  if (!has_child(top, "group")) {
    // A top group of nodes only: a single group, the same as flat <nodes>.
    if (top.child("distribution")) {
      file_.warning(top.child("distribution"),
                    "partitions have no effect on a group of nodes; "
                    "remove <distribution>");
    }
    read_nodes_into(top, tree.root, tree);
    if (tree.root.nodes.empty() && tree.nodes_ok) {
      file_.error(top, "the group has no nodes; add leaf <group> elements with <node> elements");
      tree.nodes_ok = false;
      tree.groups_ok = false;
    }
    return;
  }
  tree.grouped = true;
  read_partitions(top, tree);
  for (pugi::xml_node child : top.children("group")) {
    if (std::optional<ContentGroup> leaf = read_leaf_group(child, tree)) {
      tree.root.groups.push_back(std::move(*leaf));
    }
  }
  // Nodes written next to groups (already reported) still take part in the key checks.
  if (has_child(top, "node")) read_nodes_into(top, tree.root, tree);
}

void ContentTreeParser::read_partitions(pugi::xml_node group, ContentTree& tree) const {
  pugi::xml_node distribution = single_child(file_, group, "distribution");
  if (!distribution) return;
  check_attributes(file_, distribution, {{"partitions"}});
  check_children(file_, distribution, {});
  tree.partitions_line = file_.line_of(distribution);
  std::optional<std::string> text = required_attribute(file_, distribution, "partitions", "1|*");
  if (!text) {
    tree.partitions_invalid = true;
    return;
  }
  Result<distribution::PartitionSpec> spec = distribution::PartitionSpec::parse(*text);
  if (!spec.ok()) {
    file_.error(distribution, fmt::format("{}; write one copy count per leaf group, separated by "
                                          "'|', with '*' last, e.g. partitions=\"1|1|*\"",
                                          spec.status().message()));
    tree.partitions_invalid = true;
    return;
  }
  tree.root.partitions = std::move(spec).value();
}

std::optional<ContentGroup> ContentTreeParser::read_leaf_group(pugi::xml_node group,
                                                               ContentTree& tree) const {
  check_attributes(file_, group, {{"name"}, {"distribution-key"}});
  check_children(file_, group, {{"group"}, {"node"}, {"distribution"}});
  ContentGroup leaf;
  leaf.line = file_.line_of(group);
  std::optional<std::string> name = required_attribute(file_, group, "name", "group0");
  std::optional<std::string> key_text =
      required_attribute(file_, group, "distribution-key", std::to_string(tree.root.groups.size()));
  std::optional<int64_t> key = key_text
                                   ? read_int(file_, group, "distribution-key", 0, kMaxKey,
                                              "the group's key, which decides where data is placed")
                                   : std::nullopt;
  if (!name || !key) tree.groups_ok = false;
  leaf.name = name.value_or("");
  leaf.distribution_key = static_cast<uint16_t>(key.value_or(0));
  if (group.child("distribution") && !has_child(group, "group")) {
    file_.warning(group.child("distribution"),
                  "partitions have no effect on a leaf group; only the top group's partitions "
                  "are used, so remove this <distribution>");
  }
  if (has_child(group, "group")) {
    file_.error(
        group,
        fmt::format(
            "Grove supports one level of groups: the top <group> holds leaf groups and each leaf "
            "group holds nodes, but this group holds groups; make each nested group a leaf group "
            "directly under the top group (with its own distribution-key and a partitions token "
            "for "
            "it)"));
    tree.groups_ok = false;
    collect_nested_nodes(group, leaf, tree);
  } else {
    read_nodes_into(group, leaf, tree);
  }
  if (leaf.nodes.empty() && tree.nodes_ok) {
    file_.error(group,
                "the group has no nodes; add e.g. <node hostalias=\"node0\" "
                "distribution-key=\"0\"/>, or remove the group");
    tree.groups_ok = false;
  }
  return leaf;
}

void ContentTreeParser::collect_nested_nodes(pugi::xml_node group, ContentGroup& leaf,
                                             ContentTree& tree) const {
  read_nodes_into(group, leaf, tree);
  for (pugi::xml_node child : group.children("group")) collect_nested_nodes(child, leaf, tree);
}

void ContentTreeParser::read_nodes_into(pugi::xml_node parent, ContentGroup& group,
                                        ContentTree& tree) const {
  for (pugi::xml_node element : parent.children("node")) {
    std::optional<ContentNode> node = read_node(element);
    if (!node) {
      tree.nodes_ok = false;
      continue;
    }
    node->group = &group == &tree.root ? "" : group.name;
    group.nodes.push_back(std::move(*node));
  }
}

std::optional<ContentNode> ContentTreeParser::read_node(pugi::xml_node element) const {
  check_attributes(
      file_, element,
      {{"hostalias"},
       {"distribution-key"},
       {"retired"},
       {"capacity", Use::kUnsupported,
        "a node capacity changes how much data the node gets; Grove gives every node of a group "
        "an equal share, so remove it"},
       {"baseport", Use::kIgnored, "Grove assigns ports itself"},
       {"jvm-options", Use::kIgnored, kJvmNote},
       {"preload", Use::kIgnored}});
  check_children(file_, element, {});
  std::optional<std::string> alias = required_attribute(file_, element, "hostalias", "node0");
  std::optional<std::string> key_text = required_attribute(file_, element, "distribution-key", "0");
  std::optional<int64_t> key = key_text
                                   ? read_int(file_, element, "distribution-key", 0, kMaxKey,
                                              "the node's key, which decides which data it holds")
                                   : std::nullopt;
  std::optional<bool> retired =
      element.attribute("retired")
          ? read_bool(file_, element, "retired", "whether data moves away from the node")
          : std::optional<bool>(false);
  if (!alias || !key || !retired) return std::nullopt;
  ContentNode node;
  node.distribution_key = static_cast<uint16_t>(*key);
  node.hostalias = *alias;
  node.hostname = hosts_.resolve(file_, element, *alias);
  node.line = file_.line_of(element);
  node.retired = *retired;
  return node;
}

}  // namespace grove::config
