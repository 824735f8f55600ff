#pragma once

// ClusterState: the versioned view of which content nodes are usable, in Vespa's string form:
//
//   version:7 bits:16 distributor:4 storage:4 .2.s:d .3.s:m .1.c:2.0
//
// `distributor:N` and `storage:N` give the node counts of each type; `.i.s:<state>` sets the
// state of node i of the type named last (u up, d down, m maintenance, r retired,
// i initializing, s stopping), `.i.c:<capacity>` its capacity, `.i.m:<text>` a description.
// A node not mentioned is up; an index at or past the count is down. `bits` defaults to 16.
//
// Usage:
//   Result<ClusterState> state = ClusterState::parse("version:3 distributor:4 storage:4 .1.s:d");
//   bool usable = state->node_state(NodeType::kStorage, 1).is_one_of("uim");
//
// Immutable after construction (the setters are for building one); thread-compatible.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::distribution {

enum class NodeType { kDistributor, kStorage };

// The state letters are Vespa's.
enum class State : char {
  kUp = 'u',
  kDown = 'd',
  kMaintenance = 'm',
  kRetired = 'r',
  kInitializing = 'i',
  kStopping = 's',
};

struct NodeState {
  State state = State::kUp;
  double capacity = 1.0;
  std::string description;

  // True when the state's letter is in `letters`, e.g. "uim".
  bool is_one_of(std::string_view letters) const {
    return letters.find(static_cast<char>(state)) != std::string_view::npos;
  }
  friend bool operator==(const NodeState&, const NodeState&) = default;
};

class ClusterState {
 public:
  ClusterState() = default;

  // Parses Vespa's string form. Any malformed or unknown token is InvalidArgument, naming it.
  static Result<ClusterState> parse(std::string_view text);

  // All nodes up: "version:<v> distributor:<n> storage:<n>".
  static ClusterState all_up(uint16_t node_count, uint32_t version = 1);

  // Vespa's string form; parse(to_string()) gives an equal state.
  std::string to_string() const;

  uint32_t version() const { return version_; }
  uint16_t distribution_bits() const { return distribution_bits_; }
  bool cluster_up() const { return cluster_up_; }
  uint16_t node_count(NodeType type) const { return counts_[index_of(type)]; }

  // The state of a node; down for an index at or past the count.
  const NodeState& node_state(NodeType type, uint16_t index) const;

  void set_version(uint32_t version) { version_ = version; }
  void set_distribution_bits(uint16_t bits) { distribution_bits_ = bits; }
  void set_node_count(NodeType type, uint16_t count) { counts_[index_of(type)] = count; }
  void set_node_state(NodeType type, uint16_t index, NodeState state);

  friend bool operator==(const ClusterState&, const ClusterState&) = default;

 private:
  static int index_of(NodeType type) { return type == NodeType::kDistributor ? 0 : 1; }
  Status apply_node_token(NodeType type, std::string_view key, std::string_view value);

  uint32_t version_ = 0;
  // Invariant: <= 32.
  uint16_t distribution_bits_ = 16;
  bool cluster_up_ = true;
  uint16_t counts_[2] = {0, 0};
  // Only nodes that differ from the default (up, capacity 1, no description) are stored.
  std::map<uint16_t, NodeState> nodes_[2];
};

}  // namespace grove::distribution
