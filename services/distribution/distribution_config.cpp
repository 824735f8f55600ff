#include "services/distribution/distribution_config.h"

#include "services/base/parse_number.h"

#include <fmt/format.h>


namespace grove::distribution {

namespace {

bool parse_bool(std::string_view text, bool& out) {
  if (text == "true") return out = true, true;
  if (text == "false") return out = false, true;
  return false;
}

std::string_view unquote(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

// Parses "name[<n>]" at the start of `key`, returning n and leaving the rest in `key`.
bool take_indexed(std::string_view& key, std::string_view name, size_t& index) {
  if (key.substr(0, name.size()) != name || key.size() <= name.size() || key[name.size()] != '[') {
    return false;
  }
  size_t close = key.find(']', name.size());
  if (close == std::string_view::npos) return false;
  if (!parse_number(key.substr(name.size() + 1, close - name.size() - 1), index)) return false;
  key.remove_prefix(close + 1);
  if (!key.empty() && key[0] == '.') key.remove_prefix(1);
  return true;
}

Result<std::vector<uint16_t>> parse_path(std::string_view text) {
  std::vector<uint16_t> path;
  if (text == "invalid") return path;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t dot = std::min(text.find('.', pos), text.size());
    uint16_t key = 0;
    if (!parse_number(text.substr(pos, dot - pos), key)) {
      return Status::InvalidArgument(fmt::format("group index \"{}\" is not a dotted path", text));
    }
    path.push_back(key);
    pos = dot + 1;
  }
  return path;
}

class Parser {
 public:
  Result<DistributionConfig> run(std::string_view text) {
    int line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = std::min(text.find('\n', pos), text.size());
      std::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line[0] == '#') continue;
      Status s = apply(line);
      if (!s.ok()) {
        return Status::InvalidArgument(fmt::format("line {}: \"{}\": {}", line_no, line, s.message()));
      }
    }
    if (config_.groups.empty()) {
      return Status::InvalidArgument("distribution config has no groups (no group[0])");
    }
    return std::move(config_);
  }

 private:
  Status apply(std::string_view line) {
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return Status::InvalidArgument("expected 'key value'");
    std::string_view key = line.substr(0, space);
    std::string_view value = unquote(line.substr(space + 1));
    size_t group_index = 0;
    if (take_indexed(key, "group", group_index)) {
      if (group_index > 65535) return Status::InvalidArgument("group index too large");
      if (config_.groups.size() <= group_index) config_.groups.resize(group_index + 1);
      return apply_group(config_.groups[group_index], key, value);
    }
    bool ok = true;
    if (key == "redundancy") ok = parse_number(value, config_.redundancy);
    else if (key == "ready_copies") ok = parse_number(value, config_.ready_copies);
    else if (key == "active_per_leaf_group") ok = parse_bool(value, config_.active_per_leaf_group);
    else if (key == "distributor_auto_ownership_transfer_on_whole_group_down")
      ok = parse_bool(value, config_.distributor_auto_ownership_transfer_on_whole_group_down);
    else if (key == "drain_retired_groups") ok = parse_bool(value, config_.drain_retired_groups);
    else if (key == "relative_node_order_scoring")
      ok = parse_bool(value, config_.relative_node_order_scoring);
    if (!ok) return Status::InvalidArgument(fmt::format("bad value \"{}\" for {}", value, key));
    return Status::Ok();  // other Vespa keys do not affect placement
  }

  Status apply_group(GroupConfig& group, std::string_view key, std::string_view value) {
    size_t node_index = 0;
    if (take_indexed(key, "nodes", node_index)) {
      if (node_index > 65535) return Status::InvalidArgument("node index too large");
      if (group.nodes.size() <= node_index) group.nodes.resize(node_index + 1);
      NodeConfig& node = group.nodes[node_index];
      bool ok = key == "index"     ? parse_number(value, node.index)
                : key == "retired" ? parse_bool(value, node.retired)
                                   : true;
      return ok ? Status::Ok() : Status::InvalidArgument(fmt::format("bad node value \"{}\"", value));
    }
    if (key == "index") {
      GROVE_ASSIGN_OR_RETURN(group.path, parse_path(value));
    } else if (key == "name") {
      group.name = std::string(value);
    } else if (key == "capacity") {
      if (!parse_double(value, group.capacity) || !(group.capacity > 0)) {
        return Status::InvalidArgument("capacity must be a positive number");
      }
    } else if (key == "partitions") {
      if (!value.empty()) {
        GROVE_ASSIGN_OR_RETURN(group.partitions, PartitionSpec::parse(value));
      }
    }
    return Status::Ok();
  }

  DistributionConfig config_;
};

std::string path_text(const std::vector<uint16_t>& path) {
  if (path.empty()) return "invalid";
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += '.';
    out += std::to_string(path[i]);
  }
  return out;
}

}  // namespace

DistributionConfig DistributionConfig::flat(uint16_t redundancy, uint16_t node_count) {
  DistributionConfig config;
  config.redundancy = redundancy;
  GroupConfig root;
  root.name = "invalid";
  for (uint16_t i = 0; i < node_count; ++i) root.nodes.push_back(NodeConfig{i, false});
  config.groups.push_back(std::move(root));
  return config;
}

Result<DistributionConfig> DistributionConfig::parse_vespa_text(std::string_view text) {
  return Parser().run(text);
}

std::string DistributionConfig::to_vespa_text() const {
  std::string out = fmt::format("redundancy {}\nready_copies {}\nactive_per_leaf_group {}\n",
                                redundancy, ready_copies, active_per_leaf_group);
  out += fmt::format("distributor_auto_ownership_transfer_on_whole_group_down {}\n",
                     distributor_auto_ownership_transfer_on_whole_group_down);
  for (size_t i = 0; i < groups.size(); ++i) {
    const GroupConfig& g = groups[i];
    out += fmt::format("group[{}].index \"{}\"\ngroup[{}].name \"{}\"\ngroup[{}].capacity {}\n", i,
                       path_text(g.path), i, g.name, i, g.capacity);
    if (g.partitions) out += fmt::format("group[{}].partitions \"{}\"\n", i, g.partitions->to_string());
    for (size_t j = 0; j < g.nodes.size(); ++j) {
      out += fmt::format("group[{}].nodes[{}].index {}\ngroup[{}].nodes[{}].retired {}\n", i, j,
                         g.nodes[j].index, i, j, g.nodes[j].retired);
    }
  }
  out += fmt::format("relative_node_order_scoring {}\ndrain_retired_groups {}\n",
                     relative_node_order_scoring, drain_retired_groups);
  return out;
}

}  // namespace grove::distribution
