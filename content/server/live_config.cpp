#include "content/server/live_config.h"

#include <algorithm>

#include "services/base/logging.h"

namespace grove::content {

void LiveConfig::offer(const subscription::ConfigSnapshot& snapshot) {
  std::lock_guard lock(mutex_);
  if (snapshot.generation <= applied_) return;
  if (node_ == nullptr) {
    pending_ = snapshot;
    return;
  }
  apply(snapshot);
}

void LiveConfig::set_started_with(uint64_t generation) {
  std::lock_guard lock(mutex_);
  applied_ = std::max(applied_, generation);
  if (pending_ && pending_->generation <= applied_) pending_.reset();
}

void LiveConfig::attach(ContentNode& node, Distributor& distributor) {
  std::lock_guard lock(mutex_);
  node_ = &node;
  distributor_ = &distributor;
  cluster_ = node.cluster();
  if (pending_ && pending_->generation > applied_) apply(*pending_);
  pending_.reset();
}

void LiveConfig::detach() {
  std::lock_guard lock(mutex_);
  node_ = nullptr;
  distributor_ = nullptr;
}

uint64_t LiveConfig::applied() const {
  std::lock_guard lock(mutex_);
  return applied_;
}

void LiveConfig::apply(const subscription::ConfigSnapshot& snapshot) {
  config::ApplicationModel::LoadOutput loaded = config::ApplicationModel::load(snapshot.app_dir);
  if (!loaded.ok()) {
    GROVE_LOG_ERROR("generation {} does not load here, keeping generation {}: {}", snapshot.generation, applied_,
                    loaded.first_error());
    return;
  }
  auto model = std::make_shared<const config::ApplicationModel>(std::move(*loaded.model));
  const config::ContentCluster* cluster = model->content_cluster_or_only(cluster_);
  const uint16_t key = node_->options().distribution_key;
  bool member = false;
  if (cluster != nullptr) {
    const std::vector<const config::ContentNode*> nodes = cluster->all_nodes();
    member = std::any_of(nodes.begin(), nodes.end(), [&](const config::ContentNode* n) { return n->distribution_key == key; });
  }
  BucketMaintainer* maintainer = distributor_->maintainer();
  if (!member) {
    // Removed: the other nodes' distributors drain it; it keeps serving what it holds (the
    // containers' older generation may still search it) until its supervisor stops it.
    GROVE_LOG_INFO("generation {} removes this node from cluster '{}': it stops maintaining buckets and serves "
                   "what it holds while the other nodes take it over",
                   snapshot.generation, cluster_);
    if (maintainer != nullptr) maintainer->set_retired(true);
    node_->set_retired(true);
    applied_ = snapshot.generation;
    return;
  }
  if (maintainer != nullptr) maintainer->set_retired(false);
  node_->set_retired(false);
  Status status = node_->reconfigure(model, snapshot.generation);
  if (!status.ok()) {
    GROVE_LOG_WARN("generation {} is not adopted live, keeping generation {} until a restart: {}",
                   snapshot.generation, applied_, status.to_string());
    return;
  }
  auto nodes = parse_node_endpoints(snapshot.plan.content_nodes_arg(cluster_));
  if (nodes.ok() && !nodes->empty()) {
    Status peers = distributor_->add_peers(*nodes);
    if (!peers.ok()) GROVE_LOG_WARN("generation {}: the new nodes' endpoints: {}", snapshot.generation, peers.to_string());
  }
  applied_ = snapshot.generation;
  GROVE_LOG_INFO("adopted generation {} live", snapshot.generation);
}

}  // namespace grove::content
