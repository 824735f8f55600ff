#pragma once

// DocumentRouter: where the document API sends the operations on one content cluster: the
// PlacementTable of the cluster state the container believes in (the owner and the ideal
// replicas of every storage bucket), and the cluster's node clients (borrowed from its
// SearchCluster, so feeding and searching share connections and node health).
//
// The first table is built for the static all-up state (every node of the cluster up, 16
// distribution bits, version 1). When an owner answers WRONG_DISTRIBUTION with its own cluster
// state, adopt_state() builds the table for that state if it is newer, and later operations
// route by it (DESIGN §5).
//
// Writes to a node go through its FeedBatcher (feed_batch calls with natural batching).
//
// Usage:
//   auto router = DocumentRouter::create(search_cluster, batching);
//   auto table = (*router)->table();
//   const auto& placement = table->at(table->storage_bucket(id.gid()));
//   int node = (*router)->node_index(placement.owner);   // -1: no such node
//
// Thread-safe: the table is swapped atomically; readers keep the one they took. Rebuilds are
// serialized and rare (one per new cluster state version).

#include <atomic>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "container/document/feed_batcher.h"
#include "container/dispatch/search_cluster.h"
#include "services/distribution/placement_table.h"

namespace grove::container {

class DocumentRouter {
 public:
  // Builds the all-up table. InvalidArgument when the cluster's group tree is unusable.
  static Result<std::unique_ptr<DocumentRouter>> create(SearchCluster& nodes,
                                                        FeedBatchOptions batching = {});

  const std::string& id() const { return nodes_.id(); }
  const config::ContentCluster& config() const { return nodes_.config(); }
  SearchCluster& nodes() { return nodes_; }

  // The current table; the caller may keep it for as long as it needs.
  std::shared_ptr<const distribution::PlacementTable> table() const { return table_.load(); }

  // Adopts `state_text` (Vespa's cluster-state string) when its version is newer than the
  // current table's. InvalidArgument for a malformed state; Unavailable when some bucket has no
  // owner or replica in it. Ok (without a rebuild) for a state that is not newer.
  Status adopt_state(std::string_view state_text);

  // The index into nodes() of the node with distribution key `key`, or -1.
  int node_index(uint16_t key) const { return nodes_.node_of_key(key); }
  // Node indexes in ascending distribution-key order: the order of a visit.
  const std::vector<size_t>& nodes_by_key() const { return by_key_; }
  // The batcher of writes to node `index` (an index into nodes()).
  FeedBatcher& batcher(size_t index) { return *batchers_[index]; }

  // A newer config generation's router of the same cluster takes over: a write of this one
  // that is sent again (after WRONG_DISTRIBUTION or an unreachable owner) goes by it, so that
  // writes in flight when the config changes reach the owners the nodes now agree on. `next`
  // must outlive this router (the container keeps every generation until it stops).
  void hand_over_to(DocumentRouter& next) { successor_.store(&next); }
  // This router, or the newest one it was handed over to.
  DocumentRouter& newest();

 private:
  explicit DocumentRouter(SearchCluster& nodes);

  SearchCluster& nodes_;
  std::vector<size_t> by_key_;
  // Invariant: one per node index (null for an index no node of the cluster has); fixed after
  // create().
  std::vector<std::unique_ptr<FeedBatcher>> batchers_;
  std::mutex rebuild_mutex_;  // serializes adopt_state()
  // Invariant: never null after create().
  std::atomic<std::shared_ptr<const distribution::PlacementTable>> table_;
  std::atomic<DocumentRouter*> successor_{nullptr};
};

}  // namespace grove::container
