#pragma once

// SearchCluster: the container's view of one content cluster: a client per content node, which
// nodes are in service, the active documents each last reported, and the GroupSelector that
// picks the leaf group for each query (DESIGN §7).
//
// Node state: ping_all() (run every second by the ContainerServer) pings every node with a
// bounded deadline. A failed ping or a failed call (node_failed()) takes the node out at once; a
// good ping brings it back. The cluster controller's state (set_cluster_state()) takes out the
// nodes whose storage state is not up or retired (down, maintenance, initializing, stopping;
// a group below min-node-ratio-per-group has all its nodes down there). A node is in service
// when both let it be. After every change the selector gets each group's active documents
// (nodes in service only) and whether all of the group's nodes work.
//
// Nodes are reached through the content protocol: `connect` makes the ContentService of each
// node (the Thrift client in grove-container, in-process nodes in tests and benchmarks).
//
// Usage:
//   auto cluster = SearchCluster::create(model_cluster, connect, metrics, seed);
//   (*cluster)->ping_all(500ms);
//   auto g = (*cluster)->selector().select(0, tried, pinned);
//   for (size_t n : (*cluster)->group_nodes(*g)) (*cluster)->node(n).client->search(...);
//
// Thread-safe: node state is atomic, the selector has its own lock. shutdown() ends every
// outstanding call (before the clients' io_context stops).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config-model/model/content_cluster.h"
#include "container/dispatch/group_selector.h"
#include "services/base/result.h"
#include "services/distribution/cluster_state.h"
#include "services/metrics/metrics.h"
#include "services/protocol/content_service.h"

namespace grove::container {

class SearchCluster {
 public:
  struct Node {
    uint16_t key = 0;
    size_t group = 0;
    std::unique_ptr<protocol::ContentService> client;
    std::atomic<bool> up{true};        // the last ping or call succeeded
    std::atomic<bool> in_state{true};  // the cluster state lets queries use it
    bool in_service() const { return up.load() && in_state.load(); }
    std::atomic<int64_t> active_docs{0};  // from the last good ping, for this cluster's layout
    // From the last good ping: whether the node's distributor has compared its buckets under
    // this cluster's layout, how many it owns with a leaf group that lacks an active copy, and
    // how many still have a replica to set ready, active or back.
    std::atomic<bool> maintained_here{false};
    std::atomic<int64_t> without_active{0};
    std::atomic<int64_t> roles_pending{0};
    std::atomic<bool> reports_maintenance{false};
    Histogram* latency = nullptr;         // owned by the registry; label node=<key>
  };

  // Makes the ContentService of node `key` of cluster `cluster`; an error (e.g. no address for
  // it) fails create().
  using Connect =
      std::function<Result<std::unique_ptr<protocol::ContentService>>(const std::string& cluster, uint16_t key)>;

  // One client per node of `cluster`, from `connect`; its first error fails create().
  static Result<std::unique_ptr<SearchCluster>> create(const config::ContentCluster& cluster,
                                                       const Connect& connect, MetricRegistry& metrics,
                                                       uint64_t seed);

  const config::ContentCluster& config() const { return config_; }
  // Which nodes share a leaf group (distribution::Distribution::layout_id), sent with every
  // search: a node that is leaving this layout searches the activation it had in it.
  uint64_t layout_id() const { return layout_id_; }
  // True when every node in service reported (last ping) that its distributor compared its
  // buckets under this layout and found none with a leaf group lacking an active copy and none
  // with a role left to change (each group counts every bucket once), and some group has all
  // its nodes in service (a new layout's nodes may still be starting): a generation that
  // changes the layout may serve.
  bool activation_complete() const;
  const std::string& id() const { return config_.id; }
  size_t group_count() const { return groups_.size(); }
  // Indexes into nodes, in distribution key order.
  const std::vector<size_t>& group_nodes(size_t group) const { return groups_[group]; }
  Node& node(size_t index) { return *nodes_[index]; }
  // The node index for a distribution key, or -1.
  int node_of_key(uint16_t key) const;
  dispatch::GroupSelector& selector() { return selector_; }
  // The chosen-group counter of `group` (label group=<index>).
  Counter& chosen(size_t group) { return *chosen_[group]; }

  // Pings every node once; returns at once. `done` (may be empty) runs when all have answered.
  void ping_all(Duration timeout, std::function<void()> done = {});
  // Takes a node out of service after a failed call.
  void node_failed(size_t index);
  // Follows the cluster controller's state when its version is newer than the last one
  // adopted (or when none was); older ones are ignored. Returns whether it was adopted.
  bool set_cluster_state(const distribution::ClusterState& state);
  // The version of the last state adopted; 0 for none.
  uint32_t cluster_state_version() const { return state_version_.load(); }
  // Ends every outstanding call (Unavailable); see ContentService::shutdown.
  void shutdown();

 private:
  SearchCluster(const config::ContentCluster& cluster, uint64_t seed);
  void publish_coverage();
  void record_ping(Node& node, const protocol::PingReply& reply);

  const config::ContentCluster& config_;  // borrowed from the model, which outlives this
  uint64_t layout_id_ = 0;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::vector<size_t>> groups_;  // Invariant: every node index in exactly one group
  std::vector<Counter*> chosen_;
  dispatch::GroupSelector selector_;
  std::mutex state_mutex_;  // serializes set_cluster_state()
  std::atomic<uint32_t> state_version_{0};
};

}  // namespace grove::container
