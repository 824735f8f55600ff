#include "services/distribution/distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "services/distribution/java_random.h"

namespace grove::distribution {

namespace {

constexpr uint32_t kRootParentHash = 0x8badf00d;
constexpr uint16_t kNoNode = std::numeric_limits<uint16_t>::max();

uint32_t bit_mask(uint32_t bits) {
  return bits >= 32 ? 0xFFFFFFFFu : ((1u << bits) - 1);
}

double apply_capacity(double score, double capacity) {
  return capacity == 1.0 ? score : std::pow(score, 1.0 / capacity);
}

std::string path_text(const std::vector<uint16_t>& path) {
  std::string out;
  for (uint16_t key : path) out += (out.empty() ? "" : ".") + std::to_string(key);
  return out.empty() ? "root" : out;
}

void compute_hashes(Group& group, uint32_t parent_hash,
                    const std::function<void(Group&, uint32_t)>& set_hash) {
  uint32_t hash = parent_hash ^ static_cast<uint32_t>(1664525ULL * group.index() + 1013904223ULL);
  set_hash(group, hash);
  for (const auto& child : group.children()) compute_hashes(*child, hash, set_hash);
}

}  // namespace

Result<Distribution> Distribution::create(DistributionConfig config) {
  if (config.relative_node_order_scoring) {
    return Status::InvalidArgument(
        "unsupported: relative_node_order_scoring true (Vespa's pseudo-row-column mode)");
  }
  Distribution d;
  d.config_ = std::move(config);
  GROVE_RETURN_IF_ERROR(d.build());
  return d;
}

Status Distribution::build() {
  if (config_.groups.empty() || !config_.groups[0].path.empty()) {
    return Status::InvalidArgument("distribution config: the first group must be the root");
  }
  for (size_t i = 0; i < config_.groups.size(); ++i) {
    const GroupConfig& gc = config_.groups[i];
    if (!(gc.capacity > 0)) {
      return Status::InvalidArgument(fmt::format("group {}: capacity {} is not positive",
                                                 path_text(gc.path), gc.capacity));
    }
    Group* parent = nullptr;
    if (i > 0) {
      if (gc.path.empty()) return Status::InvalidArgument("distribution config: two root groups");
      parent = root_.get();
      for (size_t k = 0; k + 1 < gc.path.size() && parent != nullptr; ++k) {
        auto it = std::find_if(parent->children_.begin(), parent->children_.end(),
                               [&](const auto& c) { return c->index() == gc.path[k]; });
        parent = it == parent->children_.end() ? nullptr : it->get();
      }
      if (parent == nullptr) {
        return Status::InvalidArgument(
            fmt::format("group {}: its parent group is not defined before it", path_text(gc.path)));
      }
      for (const auto& sibling : parent->children_) {
        if (sibling->index() == gc.path.back()) {
          return Status::InvalidArgument(fmt::format(
              "group {}: distribution key {} is used by two sibling groups", path_text(gc.path),
              gc.path.back()));
        }
      }
      if (!parent->nodes_.empty()) {
        return Status::InvalidArgument(fmt::format(
            "group {}: its parent has nodes; a group holds either nodes or groups",
            path_text(gc.path)));
      }
    }
    uint16_t index = gc.path.empty() ? 0 : gc.path.back();
    auto group = std::make_unique<Group>(index, gc.name, gc.capacity, parent);
    group->partitions_ = gc.partitions;
    group->all_retired_ = !gc.nodes.empty() && std::all_of(gc.nodes.begin(), gc.nodes.end(),
                                                            [](const NodeConfig& n) { return n.retired; });
    for (const NodeConfig& node : gc.nodes) {
      if (node.index < node_to_group_.size() && node_to_group_[node.index] != nullptr) {
        return Status::InvalidArgument(fmt::format(
            "node distribution key {} is used twice (in group {})", node.index, path_text(gc.path)));
      }
      if (node_to_group_.size() <= node.index) node_to_group_.resize(node.index + 1, nullptr);
      node_to_group_[node.index] = group.get();
      group->nodes_.push_back(node.index);
    }
    std::sort(group->nodes_.begin(), group->nodes_.end());
    if (parent == nullptr) {
      root_ = std::move(group);
    } else {
      parent->children_.push_back(std::move(group));
      std::sort(parent->children_.begin(), parent->children_.end(),
                [](const auto& a, const auto& b) { return a->index() < b->index(); });
    }
  }
  return finish_groups();
}

Status Distribution::finish_groups() {
  Status status;
  std::function<void(Group&)> visit = [&](Group& g) {
    if (!status.ok()) return;
    if (g.children_.empty() && g.nodes_.empty()) {
      status = Status::InvalidArgument(
          fmt::format("group '{}' has neither nodes nor child groups", g.path_name()));
      return;
    }
    if (!g.children_.empty()) {
      if (!g.partitions_) {
        status = Status::InvalidArgument(fmt::format(
            "group '{}' has child groups but no partitions (e.g. partitions=\"1|*\")",
            g.path_name()));
        return;
      }
      for (uint16_t r = 0; r <= config_.redundancy; ++r) {
        g.precomputed_.push_back(g.partitions_->expand(r));
      }
    }
    for (auto& child : g.children_) visit(*child);
    if (!g.children_.empty()) {
      g.all_retired_ = std::all_of(g.children_.begin(), g.children_.end(),
                                   [](const auto& c) { return c->all_retired_; });
    }
  };
  visit(*root_);
  GROVE_RETURN_IF_ERROR(status);
  compute_hashes(*root_, kRootParentHash, [](Group& g, uint32_t h) { g.hash_ = h; });
  return Status::Ok();
}

const Group* Distribution::group_of_node(uint16_t node) const {
  return node < node_to_group_.size() ? node_to_group_[node] : nullptr;
}

uint64_t Distribution::layout_id() const {
  std::vector<std::vector<uint16_t>> groups;
  for (const Group* g : leaf_groups()) groups.push_back(g->nodes());  // each sorted
  std::sort(groups.begin(), groups.end());
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a, 64 bits
  auto mix = [&h](uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 0x100000001b3ull;
    }
  };
  for (const auto& nodes : groups) {
    for (uint16_t n : nodes) mix(n);
    mix(0xffffffffu);  // ends a group
  }
  return h == 0 ? 1 : h;
}

std::vector<const Group*> Distribution::leaf_groups() const {
  std::vector<const Group*> out;
  std::function<void(const Group&)> visit = [&](const Group& g) {
    if (g.is_leaf()) out.push_back(&g);
    for (const auto& child : g.children()) visit(*child);
  };
  visit(*root_);
  return out;
}

Status Distribution::check_bits(BucketId bucket, const ClusterState& state) const {
  if (bucket.used_bits() < state.distribution_bits()) {
    return Status::InvalidArgument(fmt::format(
        "bucket {} uses {} bits but the cluster uses {} distribution bits; it has no ideal state",
        bucket.to_hex(), bucket.used_bits(), state.distribution_bits()));
  }
  return Status::Ok();
}

uint32_t Distribution::group_seed(BucketId bucket, const ClusterState& state,
                                  const Group& group) const {
  return (static_cast<uint32_t>(bucket.raw()) & bit_mask(state.distribution_bits())) ^
         group.distribution_hash();
}

void Distribution::ideal_groups(BucketId bucket, const ClusterState& state, const Group& parent,
                                uint16_t redundancy, std::vector<LeafShare>& out) const {
  if (parent.is_leaf()) {
    out.push_back(LeafShare{&parent, redundancy});
    return;
  }
  std::vector<uint16_t> copies = parent.copies(redundancy);
  JavaRandom random(group_seed(bucket, state, parent));
  std::vector<std::pair<double, const Group*>> scored;
  scored.reserve(parent.children().size());
  for (const auto& child : parent.children()) {
    double score = apply_capacity(random.next_double(), child->capacity());
    // A drained group still takes its draw, so the other groups' scores do not change.
    if (config_.drain_retired_groups && child->all_retired()) continue;
    scored.emplace_back(score, child.get());
  }
  std::sort(scored.begin(), scored.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  size_t n = std::min(scored.size(), copies.size());
  for (size_t i = 0; i < n; ++i) ideal_groups(bucket, state, *scored[i].second, copies[i], out);
}

const Group* Distribution::distributor_group(BucketId bucket, const ClusterState& state,
                                             const Group& parent) const {
  if (parent.is_leaf()) return &parent;
  JavaRandom random(group_seed(bucket, state, parent));
  const Group* best = nullptr;
  double best_score = 0;
  for (const auto& child : parent.children()) {
    double score = apply_capacity(random.next_double(), child->capacity());
    if (score > best_score &&
        (!config_.distributor_auto_ownership_transfer_on_whole_group_down ||
         !all_distributors_down(*child, state))) {
      best = child.get();
      best_score = score;
    }
  }
  return best == nullptr ? nullptr : distributor_group(bucket, state, *best);
}

bool Distribution::all_distributors_down(const Group& group, const ClusterState& state) const {
  for (uint16_t node : group.nodes()) {
    if (state.node_state(NodeType::kDistributor, node).is_one_of(kDistributorUpStates)) {
      return false;
    }
  }
  for (const auto& child : group.children()) {
    if (!all_distributors_down(*child, state)) return false;
  }
  return true;
}

std::vector<uint16_t> Distribution::pick_nodes(NodeType type, const ClusterState& state,
                                               uint32_t seed, const std::vector<LeafShare>& shares,
                                               std::string_view up_states) const {
  std::vector<uint16_t> result;
  JavaRandom random(seed);
  uint32_t drawn = 0;  // draws taken since the last seeding; the next draw is for key `drawn`
  std::vector<std::pair<double, uint16_t>> best;
  for (const LeafShare& share : shares) {
    // The list starts full of placeholders with score 0, so a node enters only by beating the
    // current worst entry, exactly as Vespa's list-based selection does.
    best.assign(share.copies, {0.0, kNoNode});
    for (uint16_t node : share.group->nodes()) {
      const NodeState& ns = state.node_state(type, node);
      if (!ns.is_one_of(up_states)) continue;
      if (node < drawn) {
        random.reseed(seed);
        drawn = 0;
      }
      for (; drawn < node; ++drawn) random.next_double();
      double score = apply_capacity(random.next_double(), ns.capacity);
      ++drawn;
      if (best.empty() || !(score > best.back().first)) continue;
      auto pos = std::find_if(best.begin(), best.end(),
                              [score](const auto& e) { return score > e.first; });
      best.insert(pos, {score, node});
      best.pop_back();
    }
    for (const auto& [score, node] : best) {
      if (node != kNoNode) result.push_back(node);
    }
  }
  return result;
}

Result<std::vector<uint16_t>> Distribution::ideal_storage_nodes(
    BucketId bucket, const ClusterState& state, std::string_view up_states,
    std::optional<uint16_t> redundancy) const {
  uint16_t copies = redundancy.value_or(config_.redundancy);
  if (copies == 0) return std::vector<uint16_t>{};
  GROVE_RETURN_IF_ERROR(check_bits(bucket, state));
  std::vector<LeafShare> shares;
  ideal_groups(bucket, state, *root_, copies, shares);
  uint32_t seed = static_cast<uint32_t>(bucket.raw()) & bit_mask(state.distribution_bits());
  if (bucket.used_bits() > 33) {
    uint32_t extra_bits = bucket.used_bits() - 33;
    seed ^= static_cast<uint32_t>(((bucket.raw() >> 32) & bit_mask(extra_bits)) << 6);
  }
  return pick_nodes(NodeType::kStorage, state, seed, shares, up_states);
}

Result<uint16_t> Distribution::ideal_distributor(BucketId bucket, const ClusterState& state,
                                                 std::string_view up_states) const {
  GROVE_RETURN_IF_ERROR(check_bits(bucket, state));
  const Group* group = distributor_group(bucket, state, *root_);
  std::vector<uint16_t> nodes;
  if (group != nullptr) {
    uint32_t seed = static_cast<uint32_t>(bucket.raw()) & bit_mask(state.distribution_bits());
    nodes = pick_nodes(NodeType::kDistributor, state, seed, {LeafShare{group, 1}}, up_states);
  }
  if (nodes.empty()) {
    return Status::Unavailable(fmt::format(
        "no distributor is available for bucket {} in cluster state version {}", bucket.to_hex(),
        state.version()));
  }
  return nodes[0];
}

}  // namespace grove::distribution
