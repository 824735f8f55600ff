#include "config-model/deploy/deploy_change.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace grove::deploy {

namespace {

using config::ContentCluster;
using config::ContentGroup;
using config::ContentNode;

std::map<uint16_t, const ContentNode*> nodes_by_key(const ContentCluster& c) {
  std::map<uint16_t, const ContentNode*> out;
  for (const ContentNode* n : c.all_nodes()) out[n->distribution_key] = n;
  return out;
}

std::map<std::string, const ContentNode*> nodes_by_host(const ContentCluster& c) {
  std::map<std::string, const ContentNode*> out;
  for (const ContentNode* n : c.all_nodes()) {
    if (!n->hostalias.empty()) out[n->hostalias] = n;
  }
  return out;
}

NodeRef ref(const ContentNode& n) { return {n.distribution_key, n.hostalias, n.group}; }

std::string keys_text(const ContentGroup& g) {
  std::vector<uint16_t> keys;
  for (const ContentNode& n : g.nodes) keys.push_back(n.distribution_key);
  std::sort(keys.begin(), keys.end());
  return fmt::format("[{}]", fmt::join(keys, ", "));
}

std::map<std::string, const ContentGroup*> groups_by_name(const ContentCluster& c) {
  std::map<std::string, const ContentGroup*> out;
  for (const ContentGroup& g : c.root.groups) out[g.name] = &g;
  return out;
}

void diff_nodes(const ContentCluster& old_c, const ContentCluster& new_c, ContentClusterChange& out) {
  auto old_keys = nodes_by_key(old_c), new_keys = nodes_by_key(new_c);
  for (const auto& [key, node] : new_keys) {
    auto it = old_keys.find(key);
    if (it == old_keys.end()) {
      out.nodes_added.push_back(ref(*node));
    } else if (it->second->hostalias != node->hostalias) {
      out.host_moves.push_back({key, it->second->hostalias, node->hostalias});
    }
  }
  for (const auto& [key, node] : old_keys) {
    if (new_keys.count(key) == 0) out.nodes_removed.push_back(ref(*node));
  }
  auto old_hosts = nodes_by_host(old_c), new_hosts = nodes_by_host(new_c);
  for (const auto& [host, node] : new_hosts) {
    auto it = old_hosts.find(host);
    if (it != old_hosts.end() && it->second->distribution_key != node->distribution_key) {
      out.key_changes.push_back({host, it->second->distribution_key, node->distribution_key});
    }
  }
}

void diff_groups(const ContentCluster& old_c, const ContentCluster& new_c, ContentClusterChange& out) {
  auto old_groups = groups_by_name(old_c), new_groups = groups_by_name(new_c);
  for (const auto& [name, group] : new_groups) {
    auto it = old_groups.find(name);
    if (it == old_groups.end()) {
      out.groups_added.push_back(name);
      continue;
    }
    GroupChange change{name, {}};
    if (it->second->distribution_key != group->distribution_key) {
      change.what.push_back(fmt::format("distribution-key {} -> {}", it->second->distribution_key,
                                        group->distribution_key));
    }
    if (keys_text(*it->second) != keys_text(*group)) {
      change.what.push_back(fmt::format("nodes {} -> {}", keys_text(*it->second), keys_text(*group)));
    }
    if (!change.what.empty()) out.groups_changed.push_back(std::move(change));
  }
  for (const auto& [name, group] : old_groups) {
    if (new_groups.count(name) == 0) out.groups_removed.push_back(name);
  }
}

void describe_side(const ContentCluster& c, bool is_new, ContentClusterChange& out) {
  (is_new ? out.new_redundancy : out.old_redundancy) = c.redundancy;
  (is_new ? out.new_searchable_copies : out.old_searchable_copies) = c.searchable_copies;
  (is_new ? out.new_nodes : out.old_nodes) = c.all_nodes().size();
  (is_new ? out.new_grouped : out.old_grouped) = c.grouped;
}

std::string allow_hint(std::string_view id, const ValidationOverrides& overrides) {
  Date until{std::chrono::sys_days(overrides.today()) + std::chrono::days(kMaxOverrideDays)};
  return fmt::format("to deploy it anyway, add <allow until=\"{}\">{}</allow> to "
                     "validation-overrides.xml", format_date(until), id);
}

void add_finding(DeployChange& change, std::string_view id, const std::string& cluster,
                 std::string message, const ValidationOverrides& overrides) {
  change.findings.push_back({std::string(id), cluster,
                             fmt::format("{}; {}", message, allow_hint(id, overrides)),
                             overrides.allows(id)});
}

void check_kept(const ContentClusterChange& c, DeployChange& change, const ValidationOverrides& overrides) {
  if (c.new_redundancy == 1 && c.old_redundancy > 1) {
    add_finding(change, kRedundancyOne, c.id,
                fmt::format("content cluster '{}': redundancy {} -> 1 keeps a single copy of "
                            "every document, so losing any node loses data", c.id, c.old_redundancy),
                overrides);
  }
  for (const KeyChange& k : c.key_changes) {
    add_finding(change, kDistributionKeyChange, c.id,
                fmt::format("content cluster '{}': the node on host '{}' changes distribution-key "
                            "{} -> {}; it keeps its data under its key, so it starts empty and "
                            "its buckets must be rebuilt from other replicas (lost if there are "
                            "none)", c.id, k.hostalias, k.old_key, k.new_key),
                overrides);
  }
}

Result<ContentClusterChange> content_change(const ContentCluster* old_c, const ContentCluster& new_c,
                                            const DeployChangeOptions& options) {
  ContentClusterChange out;
  out.id = new_c.id;
  describe_side(new_c, true, out);
  if (old_c == nullptr) {
    out.kind = ClusterChangeKind::kAdded;
    for (const ContentNode* n : new_c.all_nodes()) out.nodes_added.push_back(ref(*n));
    for (const auto& g : new_c.root.groups) out.groups_added.push_back(g.name);
    return out;
  }
  describe_side(*old_c, false, out);
  diff_nodes(*old_c, new_c, out);
  diff_groups(*old_c, new_c, out);
  if (options.compute_movement) {
    GROVE_ASSIGN_OR_RETURN(DataMovement m, expected_data_movement(*old_c, new_c, options.documents_per_bucket,
                                                                  options.distribution_bits));
    out.movement = m;
  }
  return out;
}

ContentClusterChange removed_content(const ContentCluster& old_c) {
  ContentClusterChange out;
  out.id = old_c.id;
  out.kind = ClusterChangeKind::kRemoved;
  describe_side(old_c, false, out);
  for (const ContentNode* n : old_c.all_nodes()) out.nodes_removed.push_back(ref(*n));
  for (const auto& g : old_c.root.groups) out.groups_removed.push_back(g.name);
  return out;
}

void diff_containers(const config::ApplicationModel* active, const config::ApplicationModel& next,
                     DeployChange& change) {
  std::map<std::string, const config::ContainerCluster*> old_by_id;
  if (active != nullptr) {
    for (const auto& c : active->container_clusters()) old_by_id[c.id] = &c;
  }
  for (const auto& c : next.container_clusters()) {
    ContainerClusterChange out{c.id, ClusterChangeKind::kAdded, 0, c.nodes.size(), 0, c.http_port};
    if (auto it = old_by_id.find(c.id); it != old_by_id.end()) {
      out.kind = ClusterChangeKind::kKept;
      out.old_nodes = it->second->nodes.size();
      out.old_http_port = it->second->http_port;
      old_by_id.erase(it);
    }
    change.containers.push_back(out);
  }
  for (const auto& c : active == nullptr ? std::vector<config::ContainerCluster>{}
                                         : active->container_clusters()) {
    if (old_by_id.count(c.id) != 0) {
      change.containers.push_back({c.id, ClusterChangeKind::kRemoved, c.nodes.size(), 0, c.http_port, 0});
    }
  }
}

}  // namespace

std::string_view change_kind_name(ClusterChangeKind kind) {
  switch (kind) {
    case ClusterChangeKind::kAdded:
      return "added";
    case ClusterChangeKind::kRemoved:
      return "removed";
    case ClusterChangeKind::kKept:
      break;
  }
  return "kept";
}

bool ContentClusterChange::changed() const {
  if (kind != ClusterChangeKind::kKept) return true;
  bool movement_changed = movement && movement->buckets_changed > 0;
  return old_redundancy != new_redundancy || old_searchable_copies != new_searchable_copies ||
         old_grouped != new_grouped || !nodes_added.empty() || !nodes_removed.empty() ||
         !key_changes.empty() || !host_moves.empty() || !groups_added.empty() ||
         !groups_removed.empty() || !groups_changed.empty() || movement_changed;
}

bool DeployChange::refused() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const ValidationFinding& f) { return !f.overridden; });
}

Status DeployChange::refusal_status() const {
  std::string text;
  size_t refused_count = 0;
  for (const ValidationFinding& f : findings) {
    if (f.overridden) continue;
    ++refused_count;
    text += fmt::format("\n  {}: {}", f.validation_id, f.message);
  }
  if (refused_count == 0) return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "the deploy is refused: {} change{} would lose data:{}", refused_count,
      refused_count == 1 ? "" : "s", text));
}

Result<DeployChange> compute_deploy_change(const config::ApplicationModel* active,
                                           const config::ApplicationModel& next,
                                           const ValidationOverrides& overrides,
                                           const DeployChangeOptions& options) {
  DeployChange change;
  change.first_deploy = active == nullptr;
  change.warnings = overrides.warnings();
  for (const ContentCluster& c : next.content_clusters()) {
    const ContentCluster* old_c = active ? active->find_content_cluster(c.id) : nullptr;
    GROVE_ASSIGN_OR_RETURN(ContentClusterChange cc, content_change(old_c, c, options));
    if (old_c != nullptr) check_kept(cc, change, overrides);
    change.content.push_back(std::move(cc));
  }
  if (active != nullptr) {
    for (const ContentCluster& c : active->content_clusters()) {
      if (next.find_content_cluster(c.id) != nullptr) continue;
      change.content.push_back(removed_content(c));
      add_finding(change, kContentClusterRemoval, c.id,
                  fmt::format("content cluster '{}' is removed: the documents on its {} node{} "
                              "would be deleted", c.id, c.all_nodes().size(),
                              c.all_nodes().size() == 1 ? "" : "s"),
                  overrides);
    }
  }
  diff_containers(active, next, change);
  return change;
}

}  // namespace grove::deploy
