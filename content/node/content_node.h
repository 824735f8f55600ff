#pragma once

// ContentNode: one content node's storage, indexes and search, independent of the wire
// (content/rpc adapts it to Thrift). It owns:
//  - the LMDB document store (durable; group commit);
//  - one DocumentDb per document type of its cluster (in-memory index, ranking, search);
//  - the writer thread that applies every stored change to the indexes;
//  - metrics, including the query cost model (SQC and DQC).
//
// Writes return once the change is durable *and* searchable. Reads and searches never wait
// for writes. Every bucket on this node is ready and active for now: the distributor role,
// which decides readiness per replica, comes with the cluster work.
//
// Lifecycle: open() loads the package, opens the store and rebuilds the indexes from it (the
// rate goes to the log); close() stops the writer after what is queued and closes the store.
// Thread-safe: every public method may be called from any thread.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config-model/model/application_model.h"
#include "content/node/document_db.h"
#include "content/node/node_options.h"
#include "content/node/query_cost_model.h"
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
  uint64_t active_documents = 0;
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
  NodeCounts counts() const;
  QueryCostModel::Estimate query_cost() const { return cost_model_.estimate(); }

  // Stores and indexes a document (binary form of services/document) with the distributor's
  // timestamp. Returns whether it was applied (false: a newer version is stored). Waits for
  // durability until `deadline`; DeadlineExceeded leaves the outcome unknown.
  Result<bool> put(std::string_view id, uint64_t timestamp, std::string document,
                   const Deadline& deadline);
  Result<bool> remove(std::string_view id, uint64_t timestamp, const Deadline& deadline);
  Result<NodeDocument> get(std::string_view id) const;

  Result<NodeSearchResult> search(std::string_view document_type,
                                  search::SearchRequest request) const;
  Result<search::CorpusStats> term_stats(std::string_view document_type,
                                         const search::QueryTree& query) const;
  Result<std::vector<NodeDocsum>> docsums(std::string_view document_type,
                                          std::string_view summary_class,
                                          const std::vector<distribution::Gid>& gids) const;

  // Bucket operations for maintenance; those that change documents update the indexes.
  Result<std::vector<store::BucketSummary>> list_buckets() const { return store_->list_buckets(); }
  Result<std::vector<store::EntryMeta>> list_bucket_entries(distribution::BucketId b) const {
    return store_->list_entries(b);
  }
  Result<std::vector<store::DocumentEntry>> fetch_bucket_documents(
      distribution::BucketId b, const std::vector<distribution::Gid>& gids) const {
    return store_->fetch(b, gids);
  }
  Result<size_t> apply_bucket_entries(distribution::BucketId bucket,
                                      std::vector<store::DocumentEntry> entries);
  Status delete_bucket(distribution::BucketId bucket);
  Status set_bucket_state(distribution::BucketId bucket, bool ready, bool active);

  // The storage bucket of a document: its location bits cut to the distribution bits.
  distribution::BucketId bucket_of(const distribution::Gid& gid) const;

 private:
  struct Metrics;
  ContentNode(NodeOptions options, MetricRegistry& metrics);
  Status load(const config::ApplicationModel& model);
  Status rebuild_indexes();
  DocumentDb* db_for_id(const distribution::DocumentId& id) const;
  Result<DocumentDb*> db_named(std::string_view document_type) const;
  // Makes the index agree with the store for `gid` (after a merge). Writer thread only.
  void sync_index(DocumentDb& db, distribution::BucketId bucket, const distribution::Gid& gid);
  Result<bool> wait(std::future<Result<bool>>& future, const Deadline& deadline) const;
  void maintenance_loop();

  NodeOptions options_;
  std::string cluster_id_;
  std::unique_ptr<config::ApplicationModel> model_;      // schemas borrowed by the dbs
  std::unique_ptr<document::DocumentTypeRepo> types_;     // types borrowed by the dbs
  std::unique_ptr<store::DocumentStore> store_;
  std::map<std::string, std::unique_ptr<DocumentDb>, std::less<>> dbs_;
  std::unique_ptr<WriterThread> writer_;
  std::thread maintenance_;              // purges expired tombstones
  std::mutex maintenance_mutex_;
  std::condition_variable maintenance_wake_;
  bool closing_ = false;                 // guarded by maintenance_mutex_
  std::unique_ptr<Metrics> metrics_;
  mutable QueryCostModel cost_model_;
};

}  // namespace grove::content
