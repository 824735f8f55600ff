#include "config-model/controller/state_generator.h"

#include <fmt/format.h>

#include <algorithm>

#include "services/distribution/distribution.h"
#include "services/distribution/placement_table.h"

namespace grove::controller {

using distribution::ClusterState;
using distribution::NodeState;
using distribution::NodeType;
using distribution::State;

namespace {

// Vespa's order of states: a baseline above the wanted state is lowered to it.
int rank(State s) {
  switch (s) {
    case State::kMaintenance:
      return 0;
    case State::kDown:
      return 1;
    case State::kStopping:
      return 2;
    case State::kInitializing:
      return 3;
    case State::kRetired:
      return 4;
    case State::kUp:
      return 5;
  }
  return 1;
}

State storage_wanted(WantedState w) {
  switch (w) {
    case WantedState::kUp:
      return State::kUp;
    case WantedState::kDown:
      return State::kDown;
    case WantedState::kMaintenance:
      return State::kMaintenance;
    case WantedState::kRetired:
      return State::kRetired;
  }
  return State::kUp;
}

// A distributor is up or down: maintenance and retired concern stored data only, and a
// distributor in maintenance would own buckets it cannot serve.
State distributor_wanted(WantedState w) {
  return w == WantedState::kDown || w == WantedState::kMaintenance ? State::kDown : State::kUp;
}

State storage_baseline(ReportedState r) {
  switch (r) {
    case ReportedState::kUp:
      return State::kUp;
    case ReportedState::kInitializing:
      return State::kInitializing;
    case ReportedState::kStopping:
      return State::kStopping;
    case ReportedState::kDown:
    case ReportedState::kUnknown:
      break;
  }
  return State::kDown;
}

// Grove's distributor takes writes only once the node is up.
State distributor_baseline(ReportedState r) {
  return r == ReportedState::kUp ? State::kUp : State::kDown;
}

struct NodeResult {
  NodeState storage;
  NodeState distributor;
  std::string reason;
};

// The wanted state of a node: the operator's, or retired from services.xml when the operator
// asked for nothing lower.
WantedNodeState effective_wanted(const config::ContentNode& node, const WantedNodeState& wanted) {
  if (node.retired && wanted.state == WantedState::kUp) {
    return {WantedState::kRetired, "retired in services.xml", wanted.set_at_us};
  }
  return wanted;
}

NodeResult node_result(const config::ContentNode& node, const NodeInput& in,
                       const GeneratorOptions& options, SteadyTime now) {
  const WantedNodeState wanted = effective_wanted(node, in.wanted);
  NodeResult out;
  State storage = storage_baseline(in.reported);
  State dist = distributor_baseline(in.reported);
  out.reason = in.reported == ReportedState::kUnknown ? "not heard from yet"
               : in.reported == ReportedState::kUp
                   ? ""
                   : fmt::format("reported {}", reported_state_name(in.reported));
  const bool lost = storage == State::kDown || storage == State::kStopping;
  if (lost && in.reported != ReportedState::kUnknown &&
      options.storage_transition_time > Duration::zero() &&
      now - in.reported_since < options.storage_transition_time &&
      wanted.state != WantedState::kDown) {
    storage = State::kMaintenance;
    out.reason += " (in maintenance for the storage transition time)";
  }
  // A retired node that initializes would take feed as initializing: keep it in maintenance.
  if (in.reported == ReportedState::kInitializing && wanted.state == WantedState::kRetired) {
    storage = State::kMaintenance;
  }
  std::string description;
  if (rank(storage) > rank(storage_wanted(wanted.state))) {
    storage = storage_wanted(wanted.state);
    description = in.wanted.reason;  // the operator's words only (not "retired in services.xml")
    out.reason = fmt::format("wanted {}{}{}", wanted_state_name(wanted.state),
                             wanted.reason.empty() ? "" : ": ", wanted.reason);
  }
  if (rank(dist) > rank(distributor_wanted(wanted.state))) dist = distributor_wanted(wanted.state);
  if (storage == State::kStopping) storage = State::kDown;  // not seen by placement
  out.storage = NodeState{storage, 1.0, storage == State::kUp ? std::string() : description};
  out.distributor = NodeState{dist, 1.0, dist == State::kUp ? std::string() : description};
  return out;
}

// Vespa's group availability rule: a leaf group with too few of its storage nodes in u, i or m
// has its nodes in u or i set down (maintenance and retired nodes keep their state).
void take_down_thin_groups(const config::ContentCluster& cluster, GeneratedState& out) {
  if (!cluster.grouped || cluster.min_node_ratio_per_group <= 0) return;
  for (const config::ContentGroup* group : cluster.leaf_groups()) {
    if (group->nodes.empty()) continue;
    size_t available = 0;
    for (const config::ContentNode& n : group->nodes) {
      if (out.state.node_state(NodeType::kStorage, n.distribution_key).is_one_of("uim"))
        ++available;
    }
    const double ratio = static_cast<double>(available) / static_cast<double>(group->nodes.size());
    if (ratio >= cluster.min_node_ratio_per_group) continue;
    const std::string why = fmt::format("group {} is below min-node-ratio-per-group {}",
                                        group->name, cluster.min_node_ratio_per_group);
    for (const config::ContentNode& n : group->nodes) {
      if (!out.state.node_state(NodeType::kStorage, n.distribution_key).is_one_of("ui")) continue;
      out.state.set_node_state(NodeType::kStorage, n.distribution_key,
                               NodeState{State::kDown, 1.0, why});
      out.reasons[n.distribution_key] = why;
    }
  }
}

}  // namespace

GeneratedState generate_cluster_state(const config::ContentCluster& cluster,
                                      const std::map<uint16_t, NodeInput>& nodes,
                                      const GeneratorOptions& options, SteadyTime now) {
  GeneratedState out;
  const std::vector<const config::ContentNode*> all = cluster.all_nodes();
  uint16_t count = 0;
  for (const config::ContentNode* n : all)
    count = std::max<uint16_t>(count, n->distribution_key + 1);
  out.state.set_distribution_bits(options.distribution_bits);
  out.state.set_node_count(NodeType::kDistributor, count);
  out.state.set_node_count(NodeType::kStorage, count);
  for (uint16_t key = 0; key < count; ++key) {
    out.state.set_node_state(NodeType::kDistributor, key, NodeState{State::kDown, 1.0, {}});
    out.state.set_node_state(NodeType::kStorage, key, NodeState{State::kDown, 1.0, {}});
  }
  static const NodeInput kUnknown{};
  for (const config::ContentNode* n : all) {
    auto it = nodes.find(n->distribution_key);
    NodeResult r = node_result(*n, it == nodes.end() ? kUnknown : it->second, options, now);
    out.state.set_node_state(NodeType::kDistributor, n->distribution_key, std::move(r.distributor));
    out.state.set_node_state(NodeType::kStorage, n->distribution_key, std::move(r.storage));
    if (!r.reason.empty()) out.reasons[n->distribution_key] = std::move(r.reason);
  }
  take_down_thin_groups(cluster, out);
  return out;
}

Status check_publishable(const config::ContentCluster& cluster, const ClusterState& state) {
  bool any_distributor = false;
  for (const config::ContentNode* n : cluster.all_nodes()) {
    if (state.node_state(NodeType::kDistributor, n->distribution_key).is_one_of("ui"))
      any_distributor = true;
  }
  if (!any_distributor) {
    return Status::Unavailable(
        fmt::format("no distributor of content cluster '{}' is up", cluster.id));
  }
  auto d = distribution::Distribution::create(cluster.distribution_config());
  if (!d.ok()) return d.status();
  auto table = distribution::PlacementTable::build(std::move(*d), state, cluster.searchable_copies);
  if (!table.ok()) {
    return Status::Unavailable(
        fmt::format("content cluster '{}': {}", cluster.id, table.status().message()));
  }
  return Status::Ok();
}

}  // namespace grove::controller
