#pragma once

// MemoryDocumentStore: the in-memory twin of LmdbDocumentStore, for tests of the code above the
// store (distributor, index start-up, RPC handlers). Same semantics, checked by the same
// conformance suite; nothing is durable and payloads are kept uncompressed.
//
// Usage:
//   MemoryDocumentStore store;
//   store.put(bucket, gid, ts, "bytes");
//
// Thread-safe: one reader-writer lock over everything. write() applies the batch and calls its
// callback on the caller's thread before it returns; each write() counts as one commit.

#include <atomic>
#include <map>
#include <optional>
#include <shared_mutex>
#include <utility>

#include "content/store/bucket_accounting.h"
#include "content/store/document_store.h"

namespace grove::store {

class MemoryDocumentStore final : public DocumentStore {
 public:
  explicit MemoryDocumentStore(uint64_t tombstone_retention_us = kDefaultTombstoneRetentionUs)
      : tombstone_retention_us_(tombstone_retention_us) {}

  void write(WriteBatch batch, WriteCallback done) override;
  Status delete_bucket(BucketId bucket) override;
  Status set_bucket_ready(BucketId bucket, bool ready) override;
  Status set_bucket_active(BucketId bucket, bool active) override;
  Status set_bucket_states(std::span<const BucketStateChange> changes) override;
  Result<uint64_t> purge_tombstones(uint64_t now_us) override;
  Status set_config_generation(uint64_t generation) override;

  Result<DocumentEntry> get(BucketId bucket, const Gid& gid) const override;
  Result<BucketInfo> bucket_info(BucketId bucket) const override;
  Result<std::vector<BucketSummary>> list_buckets() const override;
  Result<std::vector<EntryMeta>> list_entries(BucketId bucket) const override;
  Result<std::vector<DocumentEntry>> fetch(BucketId bucket,
                                           std::span<const Gid> gids) const override;
  Status visit_bucket(BucketId bucket, DocumentVisitor& visitor) const override;
  Status visit_ready_documents(DocumentVisitor& visitor) const override;
  Result<uint64_t> config_generation() const override;

  uint64_t document_count() const override;
  uint64_t bucket_count() const override;
  StoreStats stats() const override;
  void close() override;

 private:
  using Key = std::pair<BucketId, Gid>;
  struct Stored {
    uint64_t timestamp = 0;
    bool tombstone = false;
    std::string payload;
  };
  using DocMap = std::map<Key, Stored>;

  void apply(WriteOp& op);                                      // requires mu_ exclusive
  Status visit_range(BucketId bucket, DocumentVisitor& visitor) const;  // requires mu_ shared
  DocMap::const_iterator bucket_begin(BucketId bucket) const;   // requires mu_
  DocMap::iterator bucket_begin(BucketId bucket);               // requires mu_
  Status check_open() const;                                    // requires mu_

  const uint64_t tombstone_retention_us_;
  mutable std::shared_mutex mu_;
  DocMap docs_;                              // guarded by mu_
  // Invariant: buckets_[b] is the accounting of the entries of b in docs_ (bucket_accounting.h).
  std::map<BucketId, BucketInfo> buckets_;   // guarded by mu_
  uint64_t doc_count_ = 0;                   // guarded by mu_; Invariant: live entries in docs_
  uint64_t config_generation_ = 0;           // guarded by mu_
  bool closed_ = false;                      // guarded by mu_
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> committed_ops_{0};
};

}  // namespace grove::store
