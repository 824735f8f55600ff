#include "content/distributor/bucket_plan.h"

#include <algorithm>
#include <optional>

namespace grove::content {

namespace {

using distribution::BucketPlacement;
using distribution::Group;
using distribution::IdealReplica;

const IdealReplica* ideal_of(const BucketPlacement& placement, uint16_t node, size_t* rank) {
  for (size_t i = 0; i < placement.replicas.size(); ++i) {
    if (placement.replicas[i].node == node) {
      if (rank != nullptr) *rank = i;
      return &placement.replicas[i];
    }
  }
  return nullptr;
}

bool in_sync(std::span<const ReplicaState> replicas) {
  for (const ReplicaState& r : replicas) {
    if (r.checksum != replicas.front().checksum || r.documents != replicas.front().documents) return false;
  }
  return true;
}

// The replica of `members` (indexes into replicas) to keep or make active in one leaf group.
size_t choose_active(const BucketPlacement& placement, std::span<const ReplicaState> replicas,
                     const std::vector<size_t>& members, bool synced) {
  auto rank_of = [&](size_t i) {
    size_t rank = placement.replicas.size();
    ideal_of(placement, replicas[i].node, &rank);
    return rank;
  };
  auto better = [&](size_t a, size_t b) {  // is a preferred over b
    const ReplicaState& x = replicas[a];
    const ReplicaState& y = replicas[b];
    if (synced) {
      const bool xi = rank_of(a) < placement.replicas.size(), yi = rank_of(b) < placement.replicas.size();
      if (xi != yi) return xi;              // an ideal replica
      if (x.active != y.active) return x.active;  // activation stays where it is
      if (x.ready != y.ready) return x.ready;
      return rank_of(a) < rank_of(b);
    }
    if (x.active != y.active) return x.active;  // never take away what a group serves
    if (x.documents != y.documents) return x.documents > y.documents;
    if (x.ready != y.ready) return x.ready;
    return rank_of(a) < rank_of(b);
  };
  size_t best = members.front();
  for (size_t i : members) {
    if (better(i, best)) best = i;
  }
  return best;
}

}  // namespace

BucketPlan plan_bucket(const distribution::Distribution& distribution, const BucketPlacement& placement,
                       std::span<const ReplicaState> replicas, const std::vector<bool>& listed) {
  BucketPlan plan;
  auto holds = [&](uint16_t node) {
    return std::any_of(replicas.begin(), replicas.end(), [&](const ReplicaState& r) { return r.node == node; });
  };
  auto answered = [&](uint16_t node) { return node < listed.size() && listed[node]; };

  bool missing_ideal = false;
  for (const IdealReplica& ideal : placement.replicas) {
    if (answered(ideal.node) && !holds(ideal.node)) missing_ideal = true;
  }
  for (const ReplicaState& r : replicas) {
    if (ideal_of(placement, r.node, nullptr) == nullptr) plan.too_many_copies = true;
  }
  plan.too_few_copies = missing_ideal;
  const bool synced = !replicas.empty() && in_sync(replicas);
  plan.out_of_sync = !replicas.empty() && !synced;

  if (!replicas.empty() && (!synced || missing_ideal)) {
    for (const ReplicaState& r : replicas) plan.merge.push_back(r.node);
    for (const IdealReplica& ideal : placement.replicas) {
      if (answered(ideal.node) && !holds(ideal.node)) plan.merge.push_back(ideal.node);
    }
    std::sort(plan.merge.begin(), plan.merge.end());
    plan.merge.erase(std::unique(plan.merge.begin(), plan.merge.end()), plan.merge.end());
  }
  if (replicas.empty()) return plan;

  // Per leaf group: which replica is active, and the role every replica should have.
  std::vector<std::pair<const Group*, std::vector<size_t>>> groups;
  for (size_t i = 0; i < replicas.size(); ++i) {
    const Group* g = distribution.group_of_node(replicas[i].node);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == g; });
    if (it == groups.end()) it = groups.insert(groups.end(), {g, {}});
    it->second.push_back(i);
  }
  // A leaf group the bucket should have a copy in but holds none of it (a new group, or a node
  // that gets the bucket before its merge): that group answers queries without the bucket.
  for (const IdealReplica& ideal : placement.replicas) {
    if (std::none_of(groups.begin(), groups.end(), [&](const auto& e) { return e.first == ideal.group; })) {
      plan.group_without_active = true;
    }
  }
  bool roles_settled = true;
  bool actives_ideal = true;
  for (const auto& [group, members] : groups) {
    // A group that gets no copy of the bucket (its nodes retired, or gone from the config)
    // keeps serving what it has until the bucket is in place elsewhere; then it is deleted.
    const bool has_ideal = std::any_of(placement.replicas.begin(), placement.replicas.end(),
                                       [&](const IdealReplica& r) { return r.group == group; });
    if (!has_ideal) continue;
    const bool had_active = std::any_of(members.begin(), members.end(), [&](size_t i) { return replicas[i].active; });
    if (!had_active) plan.group_without_active = true;
    const size_t chosen = choose_active(placement, replicas, members, synced);
    if (ideal_of(placement, replicas[chosen].node, nullptr) == nullptr) actives_ideal = false;
    for (size_t i : members) {
      const ReplicaState& r = replicas[i];
      const IdealReplica* ideal = ideal_of(placement, r.node, nullptr);
      const bool active = i == chosen;
      // Ideal replicas are ready as the placement says; others keep what they have (they are
      // deleted once the bucket is in place); an active replica is always ready.
      const bool ready = active || (ideal != nullptr ? ideal->ready : r.ready);
      if (ready == r.ready && active == r.active) continue;
      roles_settled = false;
      const bool raises = (active && !r.active) || (ready && !r.ready);
      const bool lowers = (!active && r.active) || (!ready && r.ready);
      if (raises && !lowers) {
        plan.raise.push_back(RoleChange{r.node, ReplicaRole{ready, active}});
      } else if (lowers && !raises) {
        plan.lower.push_back(RoleChange{r.node, ReplicaRole{ready, active}});
      } else {  // active on, ready off cannot happen (active implies ready); take it as a raise
        plan.raise.push_back(RoleChange{r.node, ReplicaRole{ready, active}});
      }
    }
  }
  const bool all_ideal_answered = std::all_of(placement.replicas.begin(), placement.replicas.end(),
                                              [&](const IdealReplica& r) { return answered(r.node); });
  if (synced && all_ideal_answered && !missing_ideal && roles_settled && actives_ideal) {
    for (const ReplicaState& r : replicas) {
      const IdealReplica* ideal = ideal_of(placement, r.node, nullptr);
      if (ideal != nullptr || r.previous_active) continue;
      // An active replica goes only from a group that gets no copy (its activation moved to
      // an ideal replica first everywhere else).
      const Group* g = distribution.group_of_node(r.node);
      const bool group_has_ideal = std::any_of(placement.replicas.begin(), placement.replicas.end(),
                                               [&](const IdealReplica& i) { return i.group == g; });
      if (!r.active || !group_has_ideal) plan.remove.push_back(r.node);
    }
  }
  return plan;
}

}  // namespace grove::content
