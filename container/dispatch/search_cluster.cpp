#include "container/dispatch/search_cluster.h"

#include <fmt/format.h>

#include "services/base/logging.h"
#include "services/distribution/distribution.h"

namespace grove::container {

SearchCluster::SearchCluster(const config::ContentCluster& cluster, uint64_t seed)
    : config_(cluster), selector_(cluster.dispatch, cluster.leaf_groups().size(), seed) {}

Result<std::unique_ptr<SearchCluster>> SearchCluster::create(
    const config::ContentCluster& cluster, const Connect& connect, MetricRegistry& metrics, uint64_t seed) {
  std::unique_ptr<SearchCluster> out(new SearchCluster(cluster, seed));
  GROVE_ASSIGN_OR_RETURN(distribution::Distribution distribution,
                         distribution::Distribution::create(cluster.distribution_config()));
  out->layout_id_ = distribution.layout_id();
  auto groups = cluster.leaf_groups();
  out->groups_.resize(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    out->chosen_.push_back(&metrics.counter("dispatch_group_chosen", "Queries sent to a group",
                                            {{"cluster", cluster.id}, {"group", std::to_string(g)}}));
    for (const config::ContentNode& n : groups[g]->nodes) {
      Result<std::unique_ptr<protocol::ContentService>> client = connect(cluster.id, n.distribution_key);
      if (!client.ok()) return client.status();
      auto node = std::make_unique<Node>();
      node->key = n.distribution_key;
      node->group = g;
      node->client = std::move(client).value();
      node->latency = &metrics.histogram("node_latency_ms", "Latency of search calls per node",
                                         {{"cluster", cluster.id}, {"node", std::to_string(n.distribution_key)}});
      out->groups_[g].push_back(out->nodes_.size());
      out->nodes_.push_back(std::move(node));
    }
  }
  return out;
}

int SearchCluster::node_of_key(uint16_t key) const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i]->key == key) return static_cast<int>(i);
  }
  return -1;
}

void SearchCluster::ping_all(Duration timeout, std::function<void()> done) {
  auto remaining = std::make_shared<std::atomic<size_t>>(nodes_.size());
  auto finish = std::make_shared<std::function<void()>>(std::move(done));
  for (size_t i = 0; i < nodes_.size(); ++i) {
    Node& node = *nodes_[i];
    node.client->ping({}, Deadline::after(SystemClock::instance(), timeout),
                      [this, &node, remaining, finish](Result<protocol::PingReply> reply) {
                        // A node that is initializing (rebuilding its indexes) or stopping
                        // answers, but is not in service.
                        const bool serving = reply.ok() && reply->state == protocol::NodeServiceState::kUp;
                        bool was_up = node.up.exchange(serving);
                        if (reply.ok()) record_ping(node, *reply);
                        if (was_up != serving) {
                          GROVE_LOG_INFO("content node {}:{} is {}", config_.id, node.key,
                                         serving ? "back in service" : "out of service");
                        }
                        publish_coverage();
                        if (remaining->fetch_sub(1) == 1 && *finish) (*finish)();
                      });
  }
}

void SearchCluster::record_ping(Node& node, const protocol::PingReply& reply) {
  // A node reports the active documents of its current layout, and of the one it is leaving
  // while queries of that one still come; a node that knows no layout (0) counts as current.
  const bool previous = reply.previous_layout_id != 0 && reply.previous_layout_id == layout_id_ &&
                        reply.layout_id != layout_id_;
  node.active_docs.store(previous ? reply.previous_layout_docs : reply.active_docs);
  node.maintained_here.store(reply.maintenance.layout == layout_id_ && reply.maintenance.cycles > 0);
  node.without_active.store(reply.maintenance.without_active);
  node.roles_pending.store(reply.maintenance.roles_pending);
  node.reports_maintenance.store(reply.maintenance.cycles > 0);
}

bool SearchCluster::activation_complete() const {
  if (!selector_.any_qualifies()) return false;
  for (const auto& node : nodes_) {
    if (!node->in_service()) continue;
    // A node that reports no maintenance (cycles 0: an older node, or a report not carried)
    // does not hold the switch back.
    if (!node->reports_maintenance.load()) continue;
    // Every group has an active copy of each bucket, and none has two (grouped to flat: the
    // groups' copies are all active until maintenance deactivates all but one).
    if (!node->maintained_here.load() || node->without_active.load() != 0 || node->roles_pending.load() != 0) {
      return false;
    }
  }
  return true;
}

void SearchCluster::node_failed(size_t index) {
  Node& node = *nodes_[index];
  if (node.up.exchange(false)) {
    GROVE_LOG_WARN("content node {}:{} taken out of service after a failed call", config_.id, node.key);
    publish_coverage();
  }
}

bool SearchCluster::set_cluster_state(const distribution::ClusterState& state) {
  std::lock_guard lock(state_mutex_);
  if (state.version() <= state_version_.load()) return false;
  for (auto& node : nodes_) {
    const distribution::NodeState& s = state.node_state(distribution::NodeType::kStorage, node->key);
    bool usable = s.is_one_of("ur");
    if (node->in_state.exchange(usable) != usable) {
      GROVE_LOG_INFO("content node {}:{} is {} by cluster state version {}", config_.id, node->key,
                     usable ? "back in service" : "out of service", state.version());
    }
  }
  state_version_.store(state.version());
  publish_coverage();
  return true;
}

void SearchCluster::publish_coverage() {
  std::vector<uint64_t> active(groups_.size(), 0);
  std::vector<bool> working(groups_.size(), true);
  for (size_t g = 0; g < groups_.size(); ++g) {
    for (size_t n : groups_[g]) {
      if (nodes_[n]->in_service()) {
        active[g] += static_cast<uint64_t>(std::max<int64_t>(0, nodes_[n]->active_docs.load()));
      } else {
        working[g] = false;
      }
    }
  }
  selector_.update_coverage(active, working);
}

void SearchCluster::shutdown() {
  for (auto& node : nodes_) node->client->shutdown();
}

}  // namespace grove::container
