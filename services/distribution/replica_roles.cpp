#include "services/distribution/replica_roles.h"

#include <algorithm>
#include <map>

namespace grove::distribution {

std::vector<IdealReplica> assign_replica_roles(const Distribution& distribution,
                                               const std::vector<uint16_t>& ideal_nodes,
                                               uint16_t searchable_copies) {
  size_t leaf_groups = std::max<size_t>(1, distribution.leaf_groups().size());
  size_t ready_per_group = std::max<size_t>(1, searchable_copies / leaf_groups);
  if (searchable_copies == 0) ready_per_group = 0;
  std::map<const Group*, size_t> ready_in_group;
  std::vector<IdealReplica> out;
  out.reserve(ideal_nodes.size());
  for (uint16_t node : ideal_nodes) {
    IdealReplica replica;
    replica.node = node;
    replica.group = distribution.group_of_node(node);
    size_t& ready_so_far = ready_in_group[replica.group];
    if (ready_so_far < ready_per_group) {
      replica.ready = true;
      replica.active = ready_so_far == 0;
      ++ready_so_far;
    }
    out.push_back(replica);
  }
  return out;
}

}  // namespace grove::distribution
