#pragma once

// ContentNode and ContentGroup: the node tree of a content cluster as services.xml writes it.
//
// A flat cluster is a root group holding nodes. A grouped cluster is a root (top) group with a
// partition spec holding leaf groups, each holding nodes; Grove supports exactly this one level
// of groups (DESIGN §3). Plain value types; immutable once in an ApplicationModel.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/distribution/partition_spec.h"

namespace grove::config {

struct ContentNode {
  uint16_t distribution_key = 0;
  std::string hostalias;
  std::string hostname;  // from hosts.xml; "localhost" without one
  int line = 0;          // of the `<node>` (or of `<nodes count>` for the Vespa Cloud form)
  std::string group;     // the leaf group's name, e.g. "group0"; "" in a flat cluster
  bool retired = false;  // `<node retired="true">`: keeps serving while its data moves away
};

struct ContentGroup {
  std::string name;  // "" for the root of a flat cluster
  uint16_t distribution_key = 0;
  std::optional<distribution::PartitionSpec> partitions;  // the top group of a grouped cluster
  std::vector<ContentGroup> groups;                       // Invariant: empty when nodes is not
  std::vector<ContentNode> nodes;
  int line = 0;

  bool is_leaf() const { return groups.empty(); }
};

}  // namespace grove::config
