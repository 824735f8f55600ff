#include "services/distribution/cluster_state.h"

#include "services/base/parse_number.h"

#include <fmt/format.h>


namespace grove::distribution {

namespace {

bool parse_state_letter(std::string_view text, State& out) {
  if (text.size() != 1) return false;
  switch (text[0]) {
    case 'u': case 'd': case 'm': case 'r': case 'i': case 's':
      out = static_cast<State>(text[0]);
      return true;
    default:
      return false;
  }
}

// Descriptions may not hold spaces in the string form; they are written as "\x20".
std::string escape_description(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ') out += "\\x20";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out;
}

std::string unescape_description(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 4, "\\x20") == 0) {
      out += ' ';
      i += 3;
    } else if (text.compare(i, 2, "\\\\") == 0) {
      out += '\\';
      i += 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

const char* type_name(NodeType type) {
  return type == NodeType::kDistributor ? "distributor" : "storage";
}

Status bad_token(std::string_view token, std::string_view why) {
  return Status::InvalidArgument(fmt::format("cluster state token \"{}\": {}", token, why));
}

}  // namespace

Result<ClusterState> ClusterState::parse(std::string_view text) {
  ClusterState state;
  const NodeType* current = nullptr;
  static constexpr NodeType kDistributor = NodeType::kDistributor;
  static constexpr NodeType kStorage = NodeType::kStorage;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view token = text.substr(pos, end - pos);
    pos = end + 1;
    if (token.empty()) continue;
    size_t colon = token.find(':');
    if (colon == std::string_view::npos) return bad_token(token, "expected key:value");
    std::string_view key = token.substr(0, colon);
    std::string_view value = token.substr(colon + 1);
    if (key == "version") {
      if (!parse_number(value, state.version_)) return bad_token(token, "version is not a number");
    } else if (key == "bits") {
      if (!parse_number(value, state.distribution_bits_) || state.distribution_bits_ > 32) {
        return bad_token(token, "distribution bits must be a number in 0..32");
      }
    } else if (key == "cluster") {
      State s;
      if (!parse_state_letter(value, s)) return bad_token(token, "cluster state must be u or d");
      state.cluster_up_ = s == State::kUp;
    } else if (key == "distributor" || key == "storage") {
      current = key == "distributor" ? &kDistributor : &kStorage;
      uint16_t count = 0;
      if (!parse_number(value, count)) return bad_token(token, "node count is not a number");
      state.counts_[index_of(*current)] = count;
    } else if (!key.empty() && key[0] == '.') {
      if (current == nullptr) {
        return bad_token(token, "node state before any distributor:N or storage:N");
      }
      GROVE_RETURN_IF_ERROR(state.apply_node_token(*current, key, value));
    } else {
      return bad_token(token, "unknown key; expected version, bits, cluster, distributor, "
                              "storage or .<index>.<s|c|m>");
    }
  }
  for (auto& nodes : state.nodes_) std::erase_if(nodes, [](const auto& kv) { return kv.second == NodeState{}; });
  return state;
}

Status ClusterState::apply_node_token(NodeType type, std::string_view key,
                                      std::string_view value) {
  std::string token = fmt::format("{}:{}", key, value);
  size_t dot = key.find('.', 1);
  uint16_t index = 0;
  if (dot == std::string_view::npos || !parse_number(key.substr(1, dot - 1), index)) {
    return bad_token(token, "expected .<index>.<s|c|m|t|i>:<value>");
  }
  if (index >= counts_[index_of(type)]) {
    return bad_token(token, fmt::format("node {} is past the count {}:{}", index,
                                        type_name(type), counts_[index_of(type)]));
  }
  std::string_view field = key.substr(dot + 1);
  NodeState& node = nodes_[index_of(type)][index];
  if (field == "s") {
    if (!parse_state_letter(value, node.state)) {
      return bad_token(token, "node state must be one of u, d, m, r, i, s");
    }
  } else if (field == "c") {
    if (!parse_double(value, node.capacity) || !(node.capacity > 0)) {
      return bad_token(token, "capacity must be a positive number");
    }
  } else if (field == "m") {
    node.description = unescape_description(value);
  } else if (field == "t" || field == "i") {
    // Start timestamp and initialization progress: accepted, not used by placement.
  } else {
    return bad_token(token, "unknown node property; expected s, c, m, t or i");
  }
  return Status::Ok();
}

ClusterState ClusterState::all_up(uint16_t node_count, uint32_t version) {
  ClusterState state;
  state.version_ = version;
  state.counts_[0] = node_count;
  state.counts_[1] = node_count;
  return state;
}

const NodeState& ClusterState::node_state(NodeType type, uint16_t index) const {
  static const NodeState kUpState{};
  static const NodeState kDownState{State::kDown, 1.0, {}};
  if (index >= counts_[index_of(type)]) return kDownState;
  const auto& nodes = nodes_[index_of(type)];
  auto it = nodes.find(index);
  return it == nodes.end() ? kUpState : it->second;
}

void ClusterState::set_node_state(NodeType type, uint16_t index, NodeState state) {
  auto& nodes = nodes_[index_of(type)];
  if (state == NodeState{}) {
    nodes.erase(index);
  } else {
    nodes[index] = std::move(state);
  }
}

std::string ClusterState::to_string() const {
  std::string out;
  auto add = [&out](const std::string& token) {
    if (!out.empty()) out += ' ';
    out += token;
  };
  if (version_ != 0) add(fmt::format("version:{}", version_));
  if (!cluster_up_) add("cluster:d");
  if (distribution_bits_ != 16) add(fmt::format("bits:{}", distribution_bits_));
  for (NodeType type : {NodeType::kDistributor, NodeType::kStorage}) {
    if (counts_[index_of(type)] == 0) continue;
    add(fmt::format("{}:{}", type_name(type), counts_[index_of(type)]));
    for (const auto& [index, node] : nodes_[index_of(type)]) {
      if (node.state != State::kUp) add(fmt::format(".{}.s:{}", index, static_cast<char>(node.state)));
      if (node.capacity != 1.0) add(fmt::format(".{}.c:{}", index, node.capacity));
      if (!node.description.empty()) {
        add(fmt::format(".{}.m:{}", index, escape_description(node.description)));
      }
    }
  }
  return out;
}

}  // namespace grove::distribution
