#pragma once

// Distribution: Vespa's ideal-state algorithm over a group tree (DESIGN §4). Given a bucket and
// a cluster state it computes the ideal storage nodes (the replicas, best first) and the
// distributor (owner) of the bucket, exactly as Vespa does.
//
// Usage:
//   Result<Distribution> d = Distribution::create(DistributionConfig::flat(2, 4));
//   ClusterState state = ClusterState::all_up(4);
//   Result<std::vector<uint16_t>> nodes = d->ideal_storage_nodes(bucket, state);
//   Result<uint16_t> owner = d->ideal_distributor(bucket, state);
//
// Immutable after create(); safe to use from any number of threads.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "services/base/result.h"
#include "services/distribution/bucket_id.h"
#include "services/distribution/cluster_state.h"
#include "services/distribution/distribution_config.h"
#include "services/distribution/group.h"

namespace grove::distribution {

class Distribution {
 public:
  // Storage up-states: up, initializing, maintenance. Distributor up-states: up, initializing.
  static constexpr std::string_view kStorageUpStates = "uim";
  static constexpr std::string_view kDistributorUpStates = "ui";

  // Builds the tree. Structural errors are InvalidArgument: no root group, a group whose parent
  // is missing, duplicate sibling indexes or node keys, an inner group without partitions, a
  // leaf without nodes, a non-positive capacity, or relative_node_order_scoring (unsupported).
  static Result<Distribution> create(DistributionConfig config);

  const DistributionConfig& config() const { return config_; }
  uint16_t redundancy() const { return config_.redundancy; }
  const Group& root() const { return *root_; }
  // The leaf group holding `node`, or nullptr.
  const Group* group_of_node(uint16_t node) const;
  // Leaf groups in tree order (ascending indexes at every level).
  std::vector<const Group*> leaf_groups() const;
  // Which nodes share a leaf group, as a number: equal for two distributions whose leaf groups
  // hold the same sets of nodes (names, indexes, capacities and redundancy aside). Activation is
  // per leaf group, so a change of layout means a new activation (bucket maintenance, and the
  // queries of the layout being left keep the old one meanwhile). Never 0.
  uint64_t layout_id() const;

  // The ideal storage nodes of `bucket`, best first: per chosen leaf group in group-score order,
  // its best nodes in node-score order. `redundancy` defaults to the config's.
  // InvalidArgument when the bucket uses fewer bits than the state's distribution bits.
  Result<std::vector<uint16_t>> ideal_storage_nodes(
      BucketId bucket, const ClusterState& state, std::string_view up_states = kStorageUpStates,
      std::optional<uint16_t> redundancy = std::nullopt) const;

  // The distributor that owns `bucket`. InvalidArgument for too few bucket bits; Unavailable
  // when no distributor is in an up-state (the message names the state's version).
  Result<uint16_t> ideal_distributor(BucketId bucket, const ClusterState& state,
                                     std::string_view up_states = kDistributorUpStates) const;

 private:
  struct LeafShare {
    const Group* group;
    uint16_t copies;
  };

  Distribution() = default;
  Status build();
  Status finish_groups();
  Status check_bits(BucketId bucket, const ClusterState& state) const;
  uint32_t group_seed(BucketId bucket, const ClusterState& state, const Group& group) const;
  void ideal_groups(BucketId bucket, const ClusterState& state, const Group& parent,
                    uint16_t redundancy, std::vector<LeafShare>& out) const;
  const Group* distributor_group(BucketId bucket, const ClusterState& state,
                                 const Group& parent) const;
  bool all_distributors_down(const Group& group, const ClusterState& state) const;
  std::vector<uint16_t> pick_nodes(NodeType type, const ClusterState& state, uint32_t seed,
                                   const std::vector<LeafShare>& shares,
                                   std::string_view up_states) const;

  DistributionConfig config_;
  std::unique_ptr<Group> root_;
  std::vector<const Group*> node_to_group_;  // by distribution key; nullptr where none
};

}  // namespace grove::distribution
