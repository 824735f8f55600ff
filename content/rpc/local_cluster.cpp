#include "content/rpc/local_cluster.h"

#include <boost/asio/thread_pool.hpp>

#include <fmt/format.h>

#include <optional>

#include "config-model/model/application_model.h"
#include "content/distributor/async_replica_peers.h"
#include "content/distributor/bucket_maintainer.h"
#include "content/distributor/distributor.h"
#include "content/node/content_node.h"
#include "content/rpc/local_content_service.h"
#include "content/rpc/node_service.h"
#include "services/metrics/metrics.h"
#include "services/protocol/forwarding_content_service.h"

namespace grove::content {

struct LocalCluster::Member {
  uint16_t key = 0;
  MetricRegistry metrics;
  std::unique_ptr<ContentNode> node;
  std::unique_ptr<Distributor> distributor;
  std::unique_ptr<NodeService> node_service;
  std::optional<boost::asio::thread_pool> pool;
  std::unique_ptr<LocalContentService> local;
  std::unique_ptr<BucketMaintainer> maintainer;
};

namespace {

// A peer as another node's distributor sees it: the peer's LocalContentService, bound when the
// call is made (the peers exist before all services do). The cluster stops the services, so
// the distributor stopping its peers does nothing here.
class PeerHandle final : public protocol::ForwardingContentService {
 public:
  explicit PeerHandle(std::unique_ptr<LocalContentService>* peer) : peer_(peer) {}
  void shutdown() override {}

 protected:
  protocol::ContentService& target() const override { return **peer_; }

 private:
  std::unique_ptr<LocalContentService>* peer_;
};

std::string local_endpoint(uint16_t key) { return fmt::format("local:{}", key); }

}  // namespace

LocalCluster::LocalCluster(LocalClusterOptions options) : options_(std::move(options)) {}

LocalCluster::~LocalCluster() { stop(); }

Result<std::unique_ptr<LocalCluster>> LocalCluster::open(LocalClusterOptions options) {
  if (options.threads_per_node < 2) {
    return Status::InvalidArgument(fmt::format(
        "threads_per_node must be at least 2 (feed calls take at most half), got {}",
        options.threads_per_node));
  }
  auto loaded = config::ApplicationModel::load(options.application);
  if (!loaded.ok()) {
    std::string first = loaded.first_error();
    return Status::InvalidArgument(
        fmt::format("application package {} is not valid: {}", options.application, first));
  }
  const config::ApplicationModel& model = *loaded.model;
  const config::ContentCluster* cluster = model.content_cluster_or_only(options.cluster);
  if (cluster == nullptr) {
    return Status::InvalidArgument(fmt::format(
        "content cluster '{}' is not in {} (name the cluster when the package has several)",
        options.cluster, options.application));
  }

  std::unique_ptr<LocalCluster> out(new LocalCluster(std::move(options)));
  out->cluster_id_ = cluster->id;
  std::map<uint16_t, NodeEndpoint> endpoints;
  for (const config::ContentNode* n : cluster->all_nodes()) {
    // Never dialled: the peers are reached through PeerHandle. The node checks that the map
    // names exactly its cluster's nodes, and knows from it that it has peers.
    endpoints[n->distribution_key] = NodeEndpoint{"local", static_cast<uint16_t>(n->distribution_key + 1)};
  }
  const LocalClusterOptions& o = out->options_;
  for (const auto& [key, endpoint] : endpoints) {
    auto member = std::make_unique<Member>();
    member->key = key;
    NodeOptions node_options;
    node_options.application = o.application;
    node_options.cluster = cluster->id;
    node_options.distribution_key = key;
    node_options.data_dir = fmt::format("{}/node{}", o.data_dir, key);
    node_options.rpc_threads = o.threads_per_node;
    node_options.nodes = endpoints;
    if (o.tune) o.tune(node_options);
    auto node = ContentNode::open(std::move(node_options), member->metrics);
    if (!node.ok()) {
      return Status(node.status().code(),
                    fmt::format("content node {}: {}", key, node.status().message()));
    }
    member->node = std::move(*node);
    member->pool.emplace(o.threads_per_node);
    out->members_.emplace(key, std::move(member));
  }
  for (auto& [key, member] : out->members_) {
    std::vector<uint16_t> peers;
    for (const auto& [other, unused] : out->members_) {
      if (other != key) peers.push_back(other);
    }
    LocalCluster* cluster_ptr = out.get();
    auto connect = [cluster_ptr](boost::asio::io_context&, uint16_t peer) {
      return std::make_unique<PeerHandle>(&cluster_ptr->member(peer).local);
    };
    member->distributor = std::make_unique<Distributor>(
        *member->node, std::make_unique<AsyncReplicaPeers>(peers, connect), member->metrics);
    member->node_service =
        std::make_unique<NodeService>(*member->node, *member->distributor, SystemClock::instance());
    member->local = std::make_unique<LocalContentService>(*member->node_service,
                                                          member->pool->get_executor(),
                                                          local_endpoint(key));
  }
  std::vector<uint16_t> keys = out->keys();
  for (auto& [key, member] : out->members_) {
    LocalCluster* cluster_ptr = out.get();
    member->maintainer = std::make_unique<BucketMaintainer>(
        *member->node,
        [cluster_ptr](uint16_t peer) -> protocol::ContentService* {
          auto it = cluster_ptr->members_.find(peer);
          return it == cluster_ptr->members_.end() ? nullptr : it->second->local.get();
        },
        [keys] { return keys; }, member->metrics, member->node->options().maintenance);
    member->distributor->set_maintainer(member->maintainer.get());
    if (out->options_.start_maintenance) member->maintainer->start();
  }
  return out;
}

std::vector<uint16_t> LocalCluster::keys() const {
  std::vector<uint16_t> out;
  for (const auto& [key, member] : members_) out.push_back(key);
  return out;
}

LocalCluster::Member& LocalCluster::member(uint16_t key) { return *members_.at(key); }

protocol::ContentService& LocalCluster::service(uint16_t key) { return *member(key).local; }

ContentNode& LocalCluster::node(uint16_t key) { return *member(key).node; }

BucketMaintainer& LocalCluster::maintainer(uint16_t key) { return *member(key).maintainer; }

Result<std::unique_ptr<protocol::ContentService>> LocalCluster::connect(uint16_t key) {
  auto it = members_.find(key);
  if (it == members_.end()) {
    return Status::NotFound(fmt::format("content cluster '{}' has no node {}", cluster_id_, key));
  }
  Member& m = *it->second;
  return std::unique_ptr<protocol::ContentService>(
      std::make_unique<LocalContentService>(*m.node_service, m.pool->get_executor(), local_endpoint(key)));
}

void LocalCluster::stop() {
  if (stopped_) return;
  stopped_ = true;
  // Maintenance first: its calls go to the services stopped next.
  for (auto& [key, m] : members_) {
    if (m->maintainer) m->maintainer->stop();
  }
  // Calls not yet started answer Unavailable; a replica write that a started feed call waits
  // for is then refused too, so every pool drains.
  for (auto& [key, m] : members_) {
    if (m->local) m->local->shutdown();
  }
  for (auto& [key, m] : members_) {
    if (m->pool) m->pool->join();
  }
  for (auto& [key, m] : members_) {
    if (m->distributor) m->distributor->stop();
  }
  for (auto& [key, m] : members_) {
    m->node_service.reset();
    m->distributor.reset();
    m->maintainer.reset();
    m->local.reset();
    if (m->node) m->node->close();
  }
}

}  // namespace grove::content
