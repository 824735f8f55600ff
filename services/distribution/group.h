#pragma once

// Group: one group of the placement tree built from a DistributionConfig. A leaf group holds
// nodes (by distribution key); an inner group holds child groups and the partition spec that
// divides copies between them.
//
// Owned by its parent (the root by Distribution). Immutable after Distribution::create;
// safe to read from any thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/distribution/partition_spec.h"

namespace grove::distribution {

class Group {
 public:
  Group(uint16_t index, std::string name, double capacity, const Group* parent)
      : index_(index), name_(std::move(name)), capacity_(capacity), parent_(parent) {}

  uint16_t index() const { return index_; }
  const std::string& name() const { return name_; }
  double capacity() const { return capacity_; }
  const Group* parent() const { return parent_; }
  bool is_leaf() const { return children_.empty(); }
  // True when every node of this group (or of all its children) is retired in the config.
  bool all_retired() const { return all_retired_; }
  // Hash that seeds the choice among this group's children (DESIGN §4).
  uint32_t distribution_hash() const { return hash_; }
  // Node distribution keys, ascending. Empty for an inner group.
  const std::vector<uint16_t>& nodes() const { return nodes_; }
  // Child groups, ascending by index.
  const std::vector<std::unique_ptr<Group>>& children() const { return children_; }
  const std::optional<PartitionSpec>& partitions() const { return partitions_; }
  // Copies for the best, second best, ... child for `redundancy` copies in this group.
  std::vector<uint16_t> copies(uint16_t redundancy) const;
  // "name" for the root's children, "parent/name" deeper; the root is "root".
  std::string path_name() const;

 private:
  friend class Distribution;

  uint16_t index_;
  std::string name_;
  double capacity_;
  const Group* parent_;
  uint32_t hash_ = 0;
  bool all_retired_ = false;
  std::optional<PartitionSpec> partitions_;
  std::vector<std::vector<uint16_t>> precomputed_;  // copies(r) for r in 0..config redundancy
  std::vector<uint16_t> nodes_;                     // Invariant: sorted ascending, unique.
  std::vector<std::unique_ptr<Group>> children_;    // Invariant: sorted by index, unique.
};

}  // namespace grove::distribution
