#pragma once

// DistributionConfig: the group tree and redundancy that placement works from. It is what
// Vespa calls stor-distribution config; config-model derives it from services.xml, and the
// compatibility test reads it from Vespa's own text form.
//
// Groups are listed root first and parents before children. Each group has a path of
// distribution keys from the root (empty for the root), e.g. {1, 0} for child 0 of child 1.
// A leaf group has nodes; an inner group has a partition spec and child groups.
//
// Vespa's text form, one `key value` per line:
//   redundancy 2
//   group[0].index "invalid"
//   group[0].partitions "1|*"
//   group[1].index "0"
//   group[1].nodes[0].index 0
//
// A plain struct; immutable once handed to Distribution.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"
#include "services/distribution/partition_spec.h"

namespace grove::distribution {

struct NodeConfig {
  uint16_t index = 0;  // the node's distribution key
  bool retired = false;
  friend bool operator==(const NodeConfig&, const NodeConfig&) = default;
};

struct GroupConfig {
  std::vector<uint16_t> path;  // distribution keys from the root; empty for the root
  std::string name;
  double capacity = 1.0;
  std::optional<PartitionSpec> partitions;  // inner groups only
  std::vector<NodeConfig> nodes;            // leaf groups only
  friend bool operator==(const GroupConfig&, const GroupConfig&) = default;
};

struct DistributionConfig {
  uint16_t redundancy = 1;
  uint16_t ready_copies = 0;
  bool active_per_leaf_group = false;
  // When every distributor of a group is down, another group's distributor takes its buckets.
  bool distributor_auto_ownership_transfer_on_whole_group_down = true;
  // A leaf group whose nodes are all retired gets no copies, so its data drains elsewhere.
  bool drain_retired_groups = false;
  // Vespa's undocumented pseudo-row-column mode; Grove does not implement it.
  bool relative_node_order_scoring = false;
  std::vector<GroupConfig> groups;  // root first, parents before children

  // A flat cluster: one root group with nodes 0..node_count-1.
  static DistributionConfig flat(uint16_t redundancy, uint16_t node_count);

  // Parses Vespa's stor-distribution text form. Unknown keys (other Vespa tuning) are ignored;
  // malformed lines, bad numbers and bad partition specs are InvalidArgument naming the line.
  static Result<DistributionConfig> parse_vespa_text(std::string_view text);

  // Vespa's text form; parse_vespa_text(to_vespa_text()) gives an equal config.
  std::string to_vespa_text() const;

  friend bool operator==(const DistributionConfig&, const DistributionConfig&) = default;
};

}  // namespace grove::distribution
