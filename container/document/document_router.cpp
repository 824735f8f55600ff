#include "container/document/document_router.h"

#include <fmt/format.h>

#include <algorithm>

#include "services/base/logging.h"

namespace grove::container {

namespace {

Result<distribution::Distribution> distribution_of(const config::ContentCluster& cluster) {
  Result<distribution::Distribution> d =
      distribution::Distribution::create(cluster.distribution_config());
  if (!d.ok()) {
    return Status::InvalidArgument(
        fmt::format("content cluster '{}': {}", cluster.id, d.status().message()));
  }
  return d;
}

}  // namespace

DocumentRouter::DocumentRouter(SearchCluster& nodes) : nodes_(nodes) {}

Result<std::unique_ptr<DocumentRouter>> DocumentRouter::create(SearchCluster& nodes,
                                                               FeedBatchOptions batching) {
  std::unique_ptr<DocumentRouter> router(new DocumentRouter(nodes));
  for (const config::ContentNode* n : nodes.config().all_nodes()) {
    int index = nodes.node_of_key(n->distribution_key);
    if (index < 0) continue;
    const auto i = static_cast<size_t>(index);
    router->by_key_.push_back(i);
    if (router->batchers_.size() <= i) router->batchers_.resize(i + 1);
    router->batchers_[i] = std::make_unique<FeedBatcher>(*nodes.node(i).client, batching);
  }
  GROVE_ASSIGN_OR_RETURN(distribution::Distribution d, distribution_of(nodes.config()));
  distribution::ClusterState state = distribution::PlacementTable::all_up_state(d);
  GROVE_ASSIGN_OR_RETURN(auto table,
                         distribution::PlacementTable::build(std::move(d), std::move(state),
                                                             nodes.config().searchable_copies));
  router->table_.store(std::move(table));
  return router;
}

Status DocumentRouter::adopt_state(std::string_view state_text) {
  Result<distribution::ClusterState> state = distribution::ClusterState::parse(state_text);
  if (!state.ok()) {
    return Status::InvalidArgument(
        fmt::format("content cluster '{}' sent a malformed cluster state \"{}\": {}", id(),
                    state_text, state.status().message()));
  }
  std::lock_guard lock(rebuild_mutex_);
  if (state->version() <= table()->state().version()) return Status::Ok();
  GROVE_ASSIGN_OR_RETURN(distribution::Distribution d, distribution_of(config()));
  uint32_t version = state->version();
  GROVE_ASSIGN_OR_RETURN(auto table,
                         distribution::PlacementTable::build(std::move(d), std::move(state).value(),
                                                             config().searchable_copies));
  table_.store(std::move(table));
  GROVE_LOG_INFO("content cluster '{}': routing documents by cluster state version {}", id(),
                 version);
  return Status::Ok();
}

DocumentRouter& DocumentRouter::newest() {
  DocumentRouter* r = this;
  // Generations form a chain, each handed over once; bounded in any case.
  for (int i = 0; i < 1000; ++i) {
    DocumentRouter* next = r->successor_.load();
    if (next == nullptr) break;
    r = next;
  }
  return *r;
}

}  // namespace grove::container
