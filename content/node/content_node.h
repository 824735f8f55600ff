#pragma once

// ContentNode: one content node's storage, indexes and search, independent of the wire
// (content/rpc adapts it to Thrift). It owns:
//  - the LMDB document store (durable; group commit);
//  - one DocumentDb per document type of its cluster (in-memory index, ranking, search);
//  - the writer thread that applies every stored change to the indexes;
//  - metrics, including the query cost model (SQC and DQC).
//
// Writes return once the change is durable *and* searchable. Reads and searches never wait
// for writes. Which documents are indexed and searched follows the node's role per bucket
// (DESIGN §4, node_placement.h): ready replicas are indexed, the active one is searched, and a
// node that is not an ideal replica stores without indexing. Without a placement (no --nodes in
// a cluster of several nodes) every bucket is ready and active.
//
// Lifecycle: open() loads the package, opens the store and rebuilds the indexes from it (the
// rate goes to the log); close() stops the writer after what is queued and closes the store.
// Thread-safe: every public method may be called from any thread.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config-model/model/application_model.h"
#include "content/node/document_db.h"
#include "content/node/node_options.h"
#include "content/node/node_placement.h"
#include "content/node/query_cost_model.h"
#include "content/node/replica_write.h"
#include "content/node/writer_thread.h"
#include "content/store/document_store.h"
#include "services/base/deadline.h"
#include "services/document/document_type_repo.h"
#include "services/metrics/metrics.h"

namespace grove::content {

struct NodeSearchResult {
  search::SearchResult result;
  std::vector<distribution::Gid> gids;  // parallel to result.hits
};

struct NodeDocument {
  bool found = false;
  bool removed = false;  // found a tombstone
  uint64_t timestamp = 0;
  std::string fields_json;  // {"field": value, ...}
};

struct NodeDocsum {
  distribution::Gid gid;
  bool found = false;
  std::string fields_json;
};

struct NodeCounts {
  uint64_t active_documents = 0;   // searched
  uint64_t previous_layout_documents = 0;  // searched by queries of the previous layout
  uint64_t indexed_documents = 0;  // ready (indexed), active or not
  uint64_t total_documents = 0;
  uint64_t buckets = 0;
};

class ContentNode {
 public:
  static Result<std::unique_ptr<ContentNode>> open(NodeOptions options, MetricRegistry& metrics);
  ~ContentNode();
  ContentNode(const ContentNode&) = delete;
  ContentNode& operator=(const ContentNode&) = delete;
  void close();

  const NodeOptions& options() const { return options_; }
  const std::string& cluster() const { return cluster_id_; }
  const document::DocumentTypeRepo& types() const { return *types_; }
  // The cluster's placement under the cluster state the node has (node_placement.h), or
  // nullptr. A snapshot: set_cluster_state() replaces it while operations that took the old one
  // finish with it.
  std::shared_ptr<const distribution::PlacementTable> placement() const { return placement_.load(); }
  // This node's ideal role for `bucket` (a storage bucket, as bucket_of() gives) in the placement:
  // the role a bucket gets when it is created here (see Bucket maintenance below).
  ReplicaRole ideal_role(distribution::BucketId bucket) const {
    return content::role_of(placement_.load().get(), bucket, options_.distribution_key);
  }
  // Adopts the cluster controller's cluster state when its version is newer than the node's:
  // ownership and ideal replicas are recomputed from it at once (the buckets of a down node get
  // another distributor), for every operation that starts after it. Buckets already stored
  // keep the role they have (setting replicas ready and active is bucket maintenance's). Returns
  // the version the node now has (the old one for a state that is not newer). InvalidArgument
  // when the state changes the distribution bits (buckets keep the bits they have) or names no
  // node of the cluster; Unavailable when it leaves some bucket without a node.
  Result<uint32_t> set_cluster_state(distribution::ClusterState state);
  // Adopts a new config generation of the application while serving: the cluster's nodes,
  // groups and copies (the placement is recomputed under the cluster state the node has) and
  // every document type's rank profiles and summary classes, for the operations that start
  // after it. InvalidArgument naming the change, and nothing adopted, when the cluster is gone
  // or a document type is added, removed or changed in what is stored or indexed (a restart
  // re-indexes), or when the placement cannot be built.
  // `generation` (when not 0) becomes config_generation().
  Status reconfigure(std::shared_ptr<const config::ApplicationModel> model, uint64_t generation = 0);
  // The config generation the node runs: the one it started with, then each adopted live.
  uint64_t config_generation() const { return config_generation_.load(); }
  // The version of the cluster state the node places by; 0 without a placement.
  uint32_t cluster_state_version() const;
  NodeCounts counts() const;
  QueryCostModel::Estimate query_cost() const { return cost_model_.estimate(); }

  // Stores and indexes a document (binary form of services/document) with the distributor's
  // timestamp. Returns whether it was applied (false: a newer version is stored). Waits for
  // durability until `deadline`; DeadlineExceeded leaves the outcome unknown.
  Result<bool> put(std::string_view id, uint64_t timestamp, std::string document,
                   const Deadline& deadline);
  Result<bool> remove(std::string_view id, uint64_t timestamp, const Deadline& deadline);
  // Many writes from a distributor (write_batch) at once: each is checked on its own (a bad id,
  // type, timestamp or document is that write's InvalidArgument, and nothing of it is stored);
  // the others are stored in one store batch (one group commit; last writer wins per write, in
  // order) and indexed in one writer task. Per write, in order: applied (true), not applied
  // because a newer version is stored (false), or its error. Returns once the whole batch is
  // durable and searchable, or at `deadline` (DeadlineExceeded: the outcome is unknown).
  std::vector<Result<bool>> write_batch(std::vector<ReplicaWrite> writes, const Deadline& deadline);
  Result<NodeDocument> get(std::string_view id) const;
  // The stored document `id`, deserialized, with its timestamp; nullopt when it is not stored
  // or removed. InvalidArgument for an id of a type the cluster does not have.
  struct StoredDocument {
    document::Document document;
    uint64_t timestamp = 0;
  };
  Result<std::optional<StoredDocument>> get_document(const distribution::DocumentId& id) const;

  // `layout`: the layout the query's dispatcher groups by (Distribution::layout_id); the node's
  // previous layout searches the activation it had there (see layout_id()); 0 or any other:
  // the current activation.
  Result<NodeSearchResult> search(std::string_view document_type, search::SearchRequest request,
                                  uint64_t layout = 0) const;
  // Which nodes share a leaf group in the config the node has (Distribution::layout_id), and the
  // layout it had before, while queries of that one still come (0: none). When a config
  // changes the layout, the activation the node had is kept as the previous layout's (every
  // write keeps it current) until no query named it for previous_layout_linger; meanwhile
  // bucket maintenance activates for the new one.
  uint64_t layout_id() const { return layout_id_.load(); }
  // Merge calls this node serves at once: <tuning><merges max-per-node> of the cluster's
  // config, else options().maintenance.max_merges_per_node; follows reconfigure().
  size_t max_merges_per_node() const { return max_merges_per_node_.load(); }
  uint64_t previous_layout_id() const { return previous_layout_id_.load(); }
  // A node a deploy removed from its cluster (LiveConfig): it serves what it holds until the
  // others have drained it. Its active replicas are kept while queries still come to it (a
  // container's older generation), as a leaving layout's are: see keeps_active().
  void set_retired(bool retired) { retired_.store(retired); }
  bool retired() const { return retired_.load(); }
  // Whether an active replica here must not be deleted yet: the node is retired and was
  // searched within previous_layout_linger_s.
  bool keeps_active() const;
  // Whether `bucket` is active in the previous layout's set (a replica that must not be
  // deleted while that layout is queried).
  bool previous_layout_active(distribution::BucketId bucket) const;
  Result<search::CorpusStats> term_stats(std::string_view document_type,
                                         const search::QueryTree& query) const;
  Result<std::vector<NodeDocsum>> docsums(std::string_view document_type,
                                          std::string_view summary_class,
                                          const std::vector<distribution::Gid>& gids) const;

  // Bucket maintenance (DESIGN §6; the calls of services/protocol/bucket_messages.h). A
  // bucket's role on this node (ready: indexed; active: searched) is what the distributor set
  // (set_bucket_states), kept in the store; a write or merge that creates a bucket gives it the
  // role ReplicaWrite::new_bucket and apply_bucket_entries() describe. Without a placement
  // every bucket is ready and active.
  Result<std::vector<store::BucketSummary>> list_buckets() const { return store_->list_buckets(); }
  // The info of those of `buckets` the node holds, in the order asked.
  Result<std::vector<store::BucketSummary>> bucket_infos(std::span<const distribution::BucketId> buckets) const;
  Result<std::vector<store::EntryMeta>> list_bucket_entries(distribution::BucketId b) const {
    return store_->list_entries(b);
  }
  Result<std::vector<store::DocumentEntry>> fetch_bucket_documents(
      distribution::BucketId b, const std::vector<distribution::Gid>& gids) const {
    return store_->fetch(b, gids);
  }
  // Applies entries from another replica (last writer wins, tombstones included) and indexes
  // them as the bucket's role says. A bucket the node does not hold is created not active, and
  // ready when this node is one of its first searchable-copies ideal replicas. Returns how many
  // entries changed the store; InvalidArgument for an entry whose document is damaged or of
  // another cluster's type (nothing of the call is stored then).
  Result<size_t> apply_bucket_entries(distribution::BucketId bucket,
                                      std::vector<store::DocumentEntry> entries);
  // Drops the bucket (entries, info, its documents in the index); returns the live documents
  // dropped. OK with 0 when the node does not hold it.
  Result<uint64_t> delete_bucket(distribution::BucketId bucket);
  // Sets each bucket's role (active implies ready: an active bucket is always indexed), indexing
  // or de-indexing its documents; returns once queries see the new roles. A bucket the node
  // does not hold is created, empty, with the role.
  struct BucketRoleChange {
    distribution::BucketId bucket;
    ReplicaRole role;
  };
  Status set_bucket_states(const std::vector<BucketRoleChange>& changes);
  // Streams the live documents of one bucket in gid order (for visiting).
  Status visit_bucket(distribution::BucketId bucket, store::DocumentVisitor& visitor) const {
    return store_->visit_bucket(bucket, visitor);
  }

  // The storage bucket of a document: its location bits cut to the distribution bits.
  distribution::BucketId bucket_of(const distribution::Gid& gid) const;

 private:
  struct Metrics;
  ContentNode(NodeOptions options, MetricRegistry& metrics);
  Status load(const config::ApplicationModel& model);
  Status rebuild_indexes();
  // Makes what every document type's index was given visible to queries. Writer thread (or
  // start-up, before there is one).
  void commit_indexes();
  DocumentDb* db_for_id(const distribution::DocumentId& id) const;
  Result<DocumentDb*> db_named(std::string_view document_type) const;
  // A put's document checked against its id and type (size, bytes, fields): InvalidArgument
  // naming the problem.
  Result<document::Document> parse_document(const distribution::DocumentId& id, const DocumentDb& db,
                                            const std::string& bytes) const;
  // write_batch's parts (content_node_batch.cpp).
  struct CheckedWrite;
  struct BatchState;
  Result<CheckedWrite> check_write(const ReplicaWrite& write) const;
  void index_batch(BatchState& state);  // writer thread
  // Counts one answered write (a put or a remove) and its latency.
  void record_write(bool put, bool ok, double ms);
  // Indexes `doc` as `role` says: ready and active, ready only, or not at all; `replaced` is the
  // stored version it replaces, when known (exact document frequencies). Writer thread.
  // `previous_active`: the document's bit in the previous layout's active set.
  static Status index_as(DocumentDb& db, const document::Document& doc, ReplicaRole role,
                         const document::Document* replaced = nullptr, bool previous_active = false);
  // Starts the previous layout's set from the activation now (reconfigure of a new layout).
  void begin_previous_layout(uint64_t previous);
  // Drops the previous layout's set once no query named it for previous_layout_linger.
  void maybe_end_previous_layout();
  // The replaced document the store handed back (WriteOp::previous), parsed; nullopt for none.
  static std::optional<document::Document> previous_version(
      const DocumentDb& db, const std::optional<std::string>& payload);
  // Makes the index agree with the store for `gid` of `bucket` (after a merge), indexed as
  // `role`. Writer thread only.
  void sync_index(DocumentDb& db, distribution::BucketId bucket, const distribution::Gid& gid,
                  ReplicaRole role);
  // Indexes, or drops from the index, every document of `bucket` as `role` says. Writer thread.
  Status reindex_bucket(distribution::BucketId bucket, ReplicaRole role);
  // A store written before buckets had roles holds none: gives every bucket its ideal role.
  Status adopt_legacy_roles(std::vector<store::BucketSummary>& buckets);
  void maintenance_loop();

  NodeOptions options_;
  std::string cluster_id_;
  std::unique_ptr<config::ApplicationModel> model_;      // schemas borrowed by the dbs
  std::unique_ptr<document::DocumentTypeRepo> types_;     // types borrowed by the dbs
  std::shared_ptr<const config::ApplicationModel> reconfigured_;  // the latest reconfigure()'s
  const config::ContentCluster* cluster_config_ = nullptr;  // in model_ or reconfigured_; state_mutex_
  std::atomic<std::shared_ptr<const distribution::PlacementTable>> placement_;  // null: all ready and active
  std::mutex state_mutex_;  // serializes set_cluster_state() and reconfigure()
  std::unique_ptr<store::DocumentStore> store_;
  std::map<std::string, std::unique_ptr<DocumentDb>, std::less<>> dbs_;
  std::unique_ptr<WriterThread> writer_;
  std::thread maintenance_;              // purges expired tombstones
  std::mutex maintenance_mutex_;
  std::condition_variable maintenance_wake_;
  bool closing_ = false;                 // guarded by maintenance_mutex_
  std::unique_ptr<Metrics> metrics_;
  mutable QueryCostModel cost_model_;
  std::atomic<uint64_t> layout_id_{0};
  std::atomic<size_t> max_merges_per_node_{16};
  std::atomic<uint64_t> previous_layout_id_{0};
  std::atomic<uint64_t> config_generation_{0};
  mutable std::mutex previous_mutex_;
  // The buckets active when the layout changed; guarded by previous_mutex_.
  std::unordered_set<uint64_t> previous_active_;
  std::chrono::steady_clock::time_point previous_since_;  // guarded by previous_mutex_
  mutable std::atomic<int64_t> last_previous_query_ms_{0};  // steady clock ms
  mutable std::atomic<int64_t> last_query_ms_{0};           // steady clock ms, any search
  std::atomic<bool> retired_{false};
};

}  // namespace grove::content
