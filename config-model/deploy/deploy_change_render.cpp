// DeployChange::to_json() and to_lines(): the HTTP reply's "change" object and `grove deploy`'s
// lines (docs/deploy-change.md).

#include <fmt/format.h>

#include "config-model/deploy/deploy_change.h"
#include "services/base/json_writer.h"

namespace grove::deploy {

namespace {

void old_new(JsonWriter& w, std::string_view key, uint64_t old_value, uint64_t new_value) {
  w.key(key).begin_object().key("old").number(old_value).key("new").number(new_value).end_object();
}

void old_new_bool(JsonWriter& w, std::string_view key, bool old_value, bool new_value) {
  w.key(key).begin_object().key("old").boolean(old_value).key("new").boolean(new_value).end_object();
}

void strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.key(key).begin_array();
  for (const std::string& v : values) w.string(v);
  w.end_array();
}

void nodes(JsonWriter& w, std::string_view key, const std::vector<NodeRef>& refs) {
  w.key(key).begin_array();
  for (const NodeRef& n : refs) {
    w.begin_object().key("distribution-key").number(unsigned{n.distribution_key});
    w.key("hostalias").string(n.hostalias).key("group").string(n.group).end_object();
  }
  w.end_array();
}

void movement(JsonWriter& w, const DataMovement& m) {
  w.key("data-movement").begin_object();
  w.key("distribution-bits").number(unsigned{m.distribution_bits}).key("buckets").number(m.buckets);
  w.key("buckets-changed").number(m.buckets_changed).key("replicas-created").number(m.replicas_created);
  w.key("replicas-removed").number(m.replicas_removed);
  w.key("documents-per-bucket").number(m.documents_per_bucket);
  w.key("documents-moved").number(m.documents_moved).end_object();
}

void content(JsonWriter& w, const ContentClusterChange& c) {
  w.begin_object().key("id").string(c.id).key("change").string(change_kind_name(c.kind));
  old_new(w, "redundancy", uint64_t{c.old_redundancy}, uint64_t{c.new_redundancy});
  old_new(w, "searchable-copies", uint64_t{c.old_searchable_copies}, uint64_t{c.new_searchable_copies});
  old_new(w, "nodes", uint64_t{c.old_nodes}, uint64_t{c.new_nodes});
  old_new_bool(w, "grouped", c.old_grouped, c.new_grouped);
  nodes(w, "nodes-added", c.nodes_added);
  nodes(w, "nodes-removed", c.nodes_removed);
  w.key("distribution-key-changes").begin_array();
  for (const KeyChange& k : c.key_changes) {
    w.begin_object().key("hostalias").string(k.hostalias).key("old").number(unsigned{k.old_key});
    w.key("new").number(unsigned{k.new_key}).end_object();
  }
  w.end_array().key("host-moves").begin_array();
  for (const HostMove& m : c.host_moves) {
    w.begin_object().key("distribution-key").number(unsigned{m.distribution_key});
    w.key("old").string(m.old_hostalias).key("new").string(m.new_hostalias).end_object();
  }
  w.end_array();
  strings(w, "groups-added", c.groups_added);
  strings(w, "groups-removed", c.groups_removed);
  w.key("groups-changed").begin_array();
  for (const GroupChange& g : c.groups_changed) {
    w.begin_object().key("name").string(g.name);
    strings(w, "changes", g.what);
    w.end_object();
  }
  w.end_array();
  if (c.movement) movement(w, *c.movement);
  w.end_object();
}

std::string node_list(const std::vector<NodeRef>& refs) {
  std::string out;
  for (const NodeRef& n : refs) {
    out += fmt::format("{}{}{}", out.empty() ? "" : ", ", n.distribution_key,
                       n.hostalias.empty() ? "" : fmt::format(" ({})", n.hostalias));
  }
  return out;
}

std::string layout(size_t nodes, bool grouped, uint16_t redundancy, uint16_t searchable) {
  return fmt::format("{} node{}{}, redundancy {}, searchable-copies {}", nodes, nodes == 1 ? "" : "s",
                     grouped ? " in groups" : "", redundancy, searchable);
}

void kept_lines(const ContentClusterChange& c, std::vector<std::string>& out) {
  std::string p = fmt::format("content cluster '{}': ", c.id);
  if (c.old_redundancy != c.new_redundancy) out.push_back(fmt::format("{}redundancy {} -> {}", p, c.old_redundancy, c.new_redundancy));
  if (c.old_searchable_copies != c.new_searchable_copies) {
    out.push_back(fmt::format("{}searchable-copies {} -> {}", p, c.old_searchable_copies, c.new_searchable_copies));
  }
  if (c.old_grouped != c.new_grouped) out.push_back(p + (c.new_grouped ? "flat -> grouped" : "grouped -> flat"));
  if (!c.nodes_added.empty()) out.push_back(p + "nodes added: " + node_list(c.nodes_added));
  if (!c.nodes_removed.empty()) out.push_back(p + "nodes removed: " + node_list(c.nodes_removed));
  for (const KeyChange& k : c.key_changes) {
    out.push_back(fmt::format("{}host '{}' changes distribution-key {} -> {}", p, k.hostalias, k.old_key, k.new_key));
  }
  for (const HostMove& m : c.host_moves) {
    out.push_back(fmt::format("{}node {} moves from host '{}' to '{}'", p, m.distribution_key, m.old_hostalias, m.new_hostalias));
  }
  if (!c.groups_added.empty()) out.push_back(fmt::format("{}groups added: {}", p, fmt::join(c.groups_added, ", ")));
  if (!c.groups_removed.empty()) out.push_back(fmt::format("{}groups removed: {}", p, fmt::join(c.groups_removed, ", ")));
  for (const GroupChange& g : c.groups_changed) {
    out.push_back(fmt::format("{}group '{}': {}", p, g.name, fmt::join(g.what, "; ")));
  }
  if (c.movement && c.movement->buckets_changed > 0) {
    const DataMovement& m = *c.movement;
    out.push_back(fmt::format("{}{} of {} buckets move: {} replicas to create, {} to remove{}", p,
                              m.buckets_changed, m.buckets, m.replicas_created, m.replicas_removed,
                              m.documents_per_bucket > 0 ? fmt::format(" (about {} documents)", m.documents_moved) : ""));
  }
  if (!c.changed()) out.push_back(p + "unchanged");
}

void container_lines(const ContainerClusterChange& c, std::vector<std::string>& out) {
  std::string p = fmt::format("container cluster '{}'", c.id);
  if (c.kind == ClusterChangeKind::kAdded) {
    out.push_back(fmt::format("{} added: {} node{}, http port {}", p, c.new_nodes, c.new_nodes == 1 ? "" : "s", c.new_http_port));
  } else if (c.kind == ClusterChangeKind::kRemoved) {
    out.push_back(fmt::format("{} removed ({} node{})", p, c.old_nodes, c.old_nodes == 1 ? "" : "s"));
  } else if (c.old_nodes != c.new_nodes || c.old_http_port != c.new_http_port) {
    if (c.old_nodes != c.new_nodes) out.push_back(fmt::format("{}: nodes {} -> {}", p, c.old_nodes, c.new_nodes));
    if (c.old_http_port != c.new_http_port) out.push_back(fmt::format("{}: http port {} -> {}", p, c.old_http_port, c.new_http_port));
  } else {
    out.push_back(p + ": unchanged");
  }
}

}  // namespace

std::string DeployChange::to_json() const {
  JsonWriter w;
  w.begin_object().key("first-deploy").boolean(first_deploy).key("refused").boolean(refused());
  w.key("content").begin_array();
  for (const ContentClusterChange& c : content) grove::deploy::content(w, c);
  w.end_array().key("containers").begin_array();
  for (const ContainerClusterChange& c : containers) {
    w.begin_object().key("id").string(c.id).key("change").string(change_kind_name(c.kind));
    old_new(w, "nodes", uint64_t{c.old_nodes}, uint64_t{c.new_nodes});
    old_new(w, "http-port", uint64_t{c.old_http_port}, uint64_t{c.new_http_port});
    w.end_object();
  }
  w.end_array().key("validation").begin_array();
  for (const ValidationFinding& f : findings) {
    w.begin_object().key("id").string(f.validation_id).key("cluster").string(f.cluster);
    w.key("message").string(f.message).key("overridden").boolean(f.overridden).end_object();
  }
  w.end_array();
  strings(w, "warnings", warnings);
  w.end_object();
  return std::move(w).take();
}

std::vector<std::string> DeployChange::to_lines() const {
  std::vector<std::string> out;
  if (first_deploy) out.push_back("first deploy");
  for (const ContentClusterChange& c : content) {
    if (c.kind == ClusterChangeKind::kAdded) {
      out.push_back(fmt::format("content cluster '{}' added: {}", c.id,
                                layout(c.new_nodes, c.new_grouped, c.new_redundancy, c.new_searchable_copies)));
    } else if (c.kind == ClusterChangeKind::kRemoved) {
      out.push_back(fmt::format("content cluster '{}' removed: {}", c.id,
                                layout(c.old_nodes, c.old_grouped, c.old_redundancy, c.old_searchable_copies)));
    } else {
      kept_lines(c, out);
    }
  }
  for (const ContainerClusterChange& c : containers) container_lines(c, out);
  for (const ValidationFinding& f : findings) {
    out.push_back(fmt::format("{} {}: {}", f.overridden ? "allowed by validation-overrides.xml:" : "refused:",
                              f.validation_id, f.message));
  }
  for (const std::string& w : warnings) out.push_back("warning: " + w);
  return out;
}

}  // namespace grove::deploy
