#include "config-model/model/content_validator.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "services/distribution/distribution.h"

namespace grove::config {

namespace {

std::string lines_text(std::vector<int> lines) {
  std::sort(lines.begin(), lines.end());
  return fmt::format("{} {}", lines.size() == 1 ? "line" : "lines", fmt::join(lines, ", "));
}

// "r|r|...|*" with one token per group.
std::string expected_spec(uint16_t per_group, size_t groups) {
  std::string spec;
  for (size_t g = 0; g + 1 < groups; ++g) spec += fmt::format("{}|", per_group);
  return spec + "*";
}

// The copies each group gets from `spec`, best first, e.g. "3, 1 copies (best group first), and
// the other 2 groups none".
std::string copies_text(const distribution::PartitionSpec& spec, uint16_t redundancy,
                        size_t groups) {
  std::vector<uint16_t> copies = spec.expand(redundancy);
  std::string out = fmt::format("{} copies (best group first)", fmt::join(copies, ", "));
  if (copies.size() < groups) {
    out += fmt::format(", and the other {} group{} none", groups - copies.size(),
                       groups - copies.size() == 1 ? "" : "s");
  } else if (copies.size() > groups) {
    out += fmt::format(", but there are only {} groups", groups);
  }
  return out;
}

int line_or(int line, int fallback) {
  return line > 0 ? line : fallback;
}

}  // namespace

void ContentValidator::validate(const ParsedContent& parsed, size_t errors_before) const {
  check_node_keys(parsed);
  check_hostaliases(parsed);
  check_sibling_groups(parsed);
  bool redundancy_ok = check_redundancy(parsed);
  if (redundancy_ok) check_partitions(parsed);
  check_searchable_copies(parsed, redundancy_ok);
  check_group_sizes(parsed);
  if (redundancy_ok) check_copies_fit(parsed);
  if (out_.error_count() == errors_before) cross_check(parsed);
}

void ContentValidator::check_node_keys(const ParsedContent& parsed) const {
  std::map<uint16_t, std::vector<const ContentNode*>> by_key;
  std::set<uint16_t> used;
  for (const ContentNode* node : parsed.cluster.all_nodes()) {
    by_key[node->distribution_key].push_back(node);
    used.insert(node->distribution_key);
  }
  for (auto& [key, nodes] : by_key) {
    if (nodes.size() < 2) continue;
    std::sort(nodes.begin(), nodes.end(), [](auto* a, auto* b) { return a->line < b->line; });
    std::vector<int> lines;
    std::vector<uint16_t> suggested = {key};
    uint16_t next = 0;
    for (const ContentNode* node : nodes) lines.push_back(node->line);
    for (size_t i = 1; i < nodes.size(); ++i) {
      while (used.count(next)) ++next;
      used.insert(next);
      suggested.push_back(next);
    }
    error(parsed, nodes.front()->line,
          fmt::format("distribution-key {} is used by {} nodes ({}); every node of a content "
                      "cluster needs its own key, e.g. {}",
                      key, nodes.size(), lines_text(lines), fmt::join(suggested, ", ")));
  }
}

void ContentValidator::check_hostaliases(const ParsedContent& parsed) const {
  std::map<std::string, std::vector<const ContentNode*>> by_alias;
  for (const ContentNode* node : parsed.cluster.all_nodes())
    by_alias[node->hostalias].push_back(node);
  for (auto& [alias, nodes] : by_alias) {
    if (nodes.size() < 2) continue;
    std::sort(nodes.begin(), nodes.end(), [](auto* a, auto* b) { return a->line < b->line; });
    std::vector<int> lines;
    std::vector<std::string> groups;
    for (const ContentNode* node : nodes) {
      lines.push_back(node->line);
      if (!node->group.empty() &&
          std::find(groups.begin(), groups.end(), node->group) == groups.end()) {
        groups.push_back(node->group);
      }
    }
    std::string where = groups.empty()
                            ? ""
                            : fmt::format("{} {}; ", groups.size() == 1 ? "group" : "groups",
                                          fmt::join(groups, ", "));
    error(parsed, nodes.front()->line,
          fmt::format("hostalias '{}' serves {} nodes of content cluster '{}' ({}{}); each node "
                      "needs its own host alias: give each of these <node> elements a different "
                      "hostalias",
                      alias, nodes.size(), parsed.cluster.id, where, lines_text(lines)));
  }
}

void ContentValidator::check_sibling_groups(const ParsedContent& parsed) const {
  std::map<std::string, std::vector<int>> lines_by_name;
  std::map<uint16_t, std::vector<int>> lines_by_key;
  std::set<uint16_t> used;
  for (const ContentGroup& group : parsed.cluster.root.groups) {
    if (!group.name.empty()) lines_by_name[group.name].push_back(group.line);
    lines_by_key[group.distribution_key].push_back(group.line);
    used.insert(group.distribution_key);
  }
  for (const auto& [name, lines] : lines_by_name) {
    if (lines.size() < 2) continue;
    error(parsed, lines.front(),
          fmt::format("group name '{}' is used by {} groups ({}); sibling groups need unique "
                      "names",
                      name, lines.size(), lines_text(lines)));
  }
  for (const auto& [key, lines] : lines_by_key) {
    if (lines.size() < 2) continue;
    std::vector<uint16_t> suggested = {key};
    uint16_t next = 0;
    for (size_t i = 1; i < lines.size(); ++i) {
      while (used.count(next)) ++next;
      used.insert(next);
      suggested.push_back(next);
    }
    error(parsed, lines.front(),
          fmt::format("group distribution-key {} is used by {} groups ({}); sibling groups need "
                      "their own keys, e.g. {}",
                      key, lines.size(), lines_text(lines), fmt::join(suggested, ", ")));
  }
}

bool ContentValidator::check_redundancy(const ParsedContent& parsed) const {
  const ContentTree& tree = parsed.source.tree;
  if (!parsed.cluster.grouped || !tree.groups_ok || !parsed.source.copies_ok) return true;
  size_t groups = parsed.cluster.root.groups.size();
  uint16_t redundancy = parsed.cluster.redundancy;
  if (groups == 0 || redundancy % groups == 0) return true;
  uint16_t low = static_cast<uint16_t>(std::max<size_t>(1, redundancy / groups));
  uint16_t high = static_cast<uint16_t>(low + 1);
  error(parsed, line_or(parsed.source.redundancy_line, parsed.source.line),
        fmt::format(
            "{} leaf groups do not divide redundancy {}: each query is answered by one leaf group "
            "alone, so every group must hold the same whole number of copies. Use redundancy {} "
            "({} {} per group) with <distribution partitions=\"{}\"/> and searchable-copies {}, "
            "or redundancy {} ({} copies per group) with partitions=\"{}\" and searchable-copies "
            "a multiple of {} up to {}",
            groups, redundancy, low * groups, low, low == 1 ? "copy" : "copies",
            expected_spec(low, groups), groups, high * groups, high, expected_spec(high, groups),
            groups, high * groups));
  return false;
}

void ContentValidator::check_partitions(const ParsedContent& parsed) const {
  const ContentTree& tree = parsed.source.tree;
  const ContentCluster& cluster = parsed.cluster;
  if (!cluster.grouped || !tree.groups_ok || !parsed.source.copies_ok || tree.partitions_invalid) {
    return;
  }
  size_t groups = cluster.root.groups.size();
  uint16_t per_group = static_cast<uint16_t>(cluster.redundancy / groups);
  std::string expected = expected_spec(per_group, groups);
  std::string per_group_text =
      fmt::format("{} {} per group", per_group, per_group == 1 ? "copy" : "copies");
  if (!cluster.root.partitions) {
    error(parsed, line_or(tree.top_group_line, parsed.source.line),
          fmt::format("the top group holds {} leaf groups but has no partitions; add "
                      "<distribution partitions=\"{}\"/> inside it (redundancy {}: {})",
                      groups, expected, cluster.redundancy, per_group_text));
    return;
  }
  const distribution::PartitionSpec& given = *cluster.root.partitions;
  if (given.to_string() == expected) return;
  distribution::PartitionSpec wanted = distribution::PartitionSpec::parse(expected).value();
  std::string copies = copies_text(given, cluster.redundancy, groups);
  std::string tokens =
      given.size() == groups
          ? ""
          : fmt::format("it has {} tokens but there are {} leaf groups, one token each; ",
                        given.size(), groups);
  error(parsed, line_or(tree.partitions_line, tree.top_group_line),
        fmt::format("partitions=\"{}\" do not fit redundancy {} over {} leaf groups: {}with them "
                    "the groups would get {}; write partitions=\"{}\", which gives every group "
                    "{} {} ({})",
                    given.to_string(), cluster.redundancy, groups, tokens, copies, expected,
                    per_group, per_group == 1 ? "copy" : "copies",
                    fmt::join(wanted.expand(cluster.redundancy), ", ")));
}

void ContentValidator::check_searchable_copies(const ParsedContent& parsed,
                                               bool redundancy_ok) const {
  const ContentCluster& cluster = parsed.cluster;
  if (!parsed.source.copies_ok) return;
  int line = line_or(parsed.source.searchable_copies_line, parsed.source.line);
  if (cluster.searchable_copies > cluster.redundancy) {
    error(parsed, line,
          fmt::format("searchable-copies {} is more than redundancy {}: only stored copies can be "
                      "indexed; use at most {}",
                      cluster.searchable_copies, cluster.redundancy, cluster.redundancy));
    return;
  }
  if (!cluster.grouped || !parsed.source.tree.groups_ok || !redundancy_ok) return;
  size_t groups = cluster.root.groups.size();
  if (cluster.searchable_copies % groups == 0) return;
  std::vector<std::string> choices;
  for (size_t n = groups; n <= cluster.redundancy; n += groups) {
    choices.push_back(fmt::format("{} ({} per group)", n, n / groups));
  }
  error(parsed, line,
        fmt::format("searchable-copies {} is not divisible by the {} leaf groups: every group "
                    "needs the same number of indexed copies to answer queries alone; use {}",
                    cluster.searchable_copies, groups, fmt::join(choices, " or ")));
}

void ContentValidator::check_group_sizes(const ParsedContent& parsed) const {
  const ContentCluster& cluster = parsed.cluster;
  const ContentTree& tree = parsed.source.tree;
  if (!cluster.grouped || !tree.groups_ok || !tree.nodes_ok) return;
  if (cluster.dispatch.policy != DispatchPolicy::kRoundRobin) return;
  std::vector<std::string> sizes;
  std::set<size_t> distinct;
  for (const ContentGroup& group : cluster.root.groups) {
    sizes.push_back(fmt::format("{}: {}", group.name, group.nodes.size()));
    distinct.insert(group.nodes.size());
  }
  if (distinct.size() < 2) return;
  error(parsed, line_or(parsed.source.dispatch_policy_line, parsed.source.line),
        fmt::format("the leaf groups differ in size (nodes per group: {}) and dispatch-policy is "
                    "round-robin, which gives every group the same share of queries, so the "
                    "smaller groups are overloaded; make the groups equal in size or use "
                    "dispatch-policy adaptive",
                    fmt::join(sizes, ", ")));
}

void ContentValidator::check_copies_fit(const ParsedContent& parsed) const {
  const ContentCluster& cluster = parsed.cluster;
  const ContentTree& tree = parsed.source.tree;
  if (!tree.nodes_ok || !tree.groups_ok || !parsed.source.copies_ok) return;
  if (!cluster.grouped) {
    if (cluster.redundancy <= cluster.root.nodes.size()) return;
    warning(parsed, line_or(parsed.source.redundancy_line, parsed.source.line),
            fmt::format("redundancy {} but only {} nodes: a node holds at most one copy of a "
                        "document, so only {} copies are stored; add nodes or lower redundancy",
                        cluster.redundancy, cluster.root.nodes.size(), cluster.root.nodes.size()));
    return;
  }
  size_t per_group = cluster.redundancy / cluster.root.groups.size();
  for (const ContentGroup& group : cluster.root.groups) {
    if (per_group <= group.nodes.size()) continue;
    warning(parsed, group.line,
            fmt::format("group '{}' gets {} copies of every document but has only {} nodes: a "
                        "node holds at most one copy, so the group stores only {}",
                        group.name, per_group, group.nodes.size(), group.nodes.size()));
  }
}

void ContentValidator::cross_check(const ParsedContent& parsed) const {
  Result<distribution::Distribution> distribution =
      distribution::Distribution::create(parsed.cluster.distribution_config());
  if (distribution.ok()) return;
  error(parsed, parsed.source.line,
        fmt::format("the node tree cannot be used for data placement: {}",
                    distribution.status().message()));
}

void ContentValidator::error(const ParsedContent& parsed, int line, std::string message) const {
  out_.error(parsed.source.file, line, parsed.source.element, std::move(message));
}

void ContentValidator::warning(const ParsedContent& parsed, int line, std::string message) const {
  out_.warning(parsed.source.file, line, parsed.source.element, std::move(message));
}

}  // namespace grove::config
