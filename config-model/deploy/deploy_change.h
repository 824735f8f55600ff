#pragma once

// DeployChange: what a deploy changes, compared with the active model (or with nothing, for the
// first deploy), and whether it is allowed. Per content cluster: added or removed, the nodes
// added and removed, nodes whose distribution key or host changed, the groups added, removed
// and changed, redundancy and searchable-copies old -> new, and the expected data movement.
// Per container cluster: added, removed, or its node count changed.
//
// Identity (docs/deploy-change.md): a cluster is its id; a content node is its distribution
// key (nodes added/removed); a node's data lives on its host under its key, so a host alias
// that serves the cluster in both models with a different key is a distribution-key change,
// and a key whose host alias changed is a host move. A group is its name.
//
// Data-loss checks, refused unless the new package's validation-overrides.xml allows them:
//   content-cluster-removal   a content cluster of the active model is gone (Vespa's id);
//   redundancy-one            redundancy lowered to 1 from more (Vespa's id; Vespa asks on
//                             every first deploy with redundancy 1, Grove only when lowering,
//                             so that a one-node development package deploys as it is);
//   distribution-key-change   a node keeps its host but changes its key (Grove's id).
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(ValidationOverrides overrides, ValidationOverrides::load(root, today));
//   GROVE_ASSIGN_OR_RETURN(DeployChange change,
//                          compute_deploy_change(active_model, new_model, overrides, {}));
//   if (change.refused()) return reply_400(change.refusal_status().message());
//   reply_200(change.to_json());
//
// Plain value types; compute_deploy_change is a pure function (thread-safe).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config-model/deploy/data_movement.h"
#include "config-model/deploy/validation_overrides.h"
#include "config-model/model/application_model.h"
#include "services/base/result.h"

namespace grove::deploy {

enum class ClusterChangeKind { kAdded, kRemoved, kKept };

// "added", "removed", "kept".
std::string_view change_kind_name(ClusterChangeKind kind);

struct NodeRef {
  uint16_t distribution_key = 0;
  std::string hostalias;
  std::string group;  // "" in a flat cluster
  friend bool operator==(const NodeRef&, const NodeRef&) = default;
};

struct KeyChange {  // same host alias, another distribution key
  std::string hostalias;
  uint16_t old_key = 0;
  uint16_t new_key = 0;
  friend bool operator==(const KeyChange&, const KeyChange&) = default;
};

struct HostMove {  // same distribution key, another host alias
  uint16_t distribution_key = 0;
  std::string old_hostalias;
  std::string new_hostalias;
  friend bool operator==(const HostMove&, const HostMove&) = default;
};

struct GroupChange {
  std::string name;
  std::vector<std::string> what;  // e.g. "distribution-key 0 -> 1", "nodes [0, 1] -> [0, 1, 4]"
};

struct ContentClusterChange {
  std::string id;
  ClusterChangeKind kind = ClusterChangeKind::kKept;
  // Old -> new; 0 (and false) on the side where the cluster does not exist.
  uint16_t old_redundancy = 0, new_redundancy = 0;
  uint16_t old_searchable_copies = 0, new_searchable_copies = 0;
  size_t old_nodes = 0, new_nodes = 0;
  bool old_grouped = false, new_grouped = false;
  std::vector<NodeRef> nodes_added;    // by distribution key, ascending
  std::vector<NodeRef> nodes_removed;  // by distribution key, ascending
  std::vector<KeyChange> key_changes;  // by host alias
  std::vector<HostMove> host_moves;    // by distribution key
  std::vector<std::string> groups_added, groups_removed;
  std::vector<GroupChange> groups_changed;
  std::optional<DataMovement> movement;  // kept clusters only

  // True when anything about the cluster differs.
  bool changed() const;
};

struct ContainerClusterChange {
  std::string id;
  ClusterChangeKind kind = ClusterChangeKind::kKept;
  size_t old_nodes = 0, new_nodes = 0;
  uint16_t old_http_port = 0, new_http_port = 0;
};

// One data-loss check that fired.
struct ValidationFinding {
  std::string validation_id;  // e.g. "content-cluster-removal"
  std::string cluster;
  std::string message;  // what changes and what it costs, naming the cluster and node
  bool overridden = false;  // allowed by validation-overrides.xml
};

struct DeployChange {
  bool first_deploy = false;
  std::vector<ContentClusterChange> content;      // new clusters in package order, then removed
  std::vector<ContainerClusterChange> containers;
  std::vector<ValidationFinding> findings;
  std::vector<std::string> warnings;  // from validation-overrides.xml

  // True when a finding is not overridden: the deploy must not go ahead.
  bool refused() const;
  // OK, or InvalidArgument with one line per refused finding, each saying what would allow it.
  Status refusal_status() const;
  // The HTTP reply's "change" object (docs/deploy-change.md).
  std::string to_json() const;
  // Short lines for `grove deploy`, e.g. "content cluster 'music': redundancy 2 -> 3".
  std::vector<std::string> to_lines() const;
};

struct DeployChangeOptions {
  // For DataMovement::documents_moved; 0 when the caller has no figure.
  double documents_per_bucket = 0;
  uint16_t distribution_bits = 16;
  // Skip the bucket-by-bucket movement computation (then `movement` stays empty).
  bool compute_movement = true;
};

// The change from `active` (nullptr for the first deploy) to `next`, with the checks judged
// against `overrides`. Errors only from the movement computation (see expected_data_movement).
Result<DeployChange> compute_deploy_change(const config::ApplicationModel* active,
                                           const config::ApplicationModel& next,
                                           const ValidationOverrides& overrides,
                                           const DeployChangeOptions& options);

}  // namespace grove::deploy
