#pragma once

// LmdbDocumentStore: the DocumentStore of a content node, in one LMDB environment (a directory)
// with the databases docs, buckets and meta (docs/format.md). Crash-safe: after kill -9, every
// acknowledged write is there.
//
// Writes go through a GroupCommitter: concurrent writers share one write transaction and one
// durable commit (LMDB's default sync) within a short window, and each is acknowledged only after
// that commit returned. Payloads are zstd-compressed by the committer thread. Reads run in their
// own read transactions and never wait for the writer.
//
// Usage:
//   LmdbStoreOptions options;
//   options.path = data_dir + "/store";
//   GROVE_ASSIGN_OR_RETURN(auto store, LmdbDocumentStore::open(options));
//   store->write(std::move(batch), [](const Status& s, const WriteBatch&) { ... });
//   store->close();   // at shutdown: stop admitting, commit the queue, close the environment
//
// Thread-safe (see DocumentStore). Owns its environment and its committer thread; the destructor
// calls close().

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "content/store/document_store.h"
#include "content/store/group_committer.h"
#include "content/store/store_env.h"
#include "content/store/lmdb_reader.h"
#include "content/store/lmdb_writer.h"
#include "content/store/read_gate.h"

namespace grove::store {

struct LmdbStoreOptions {
  std::string path;                       // the environment's directory; created when missing
  uint64_t map_size_bytes = 64ull << 30;  // address space; the file grows sparsely up to it
  unsigned max_readers = 1024;            // concurrent read transactions
  std::chrono::microseconds commit_window{1000};
  size_t max_group_ops = 4096;             // operations per commit
  uint64_t max_group_bytes = 64ull << 20;  // payload bytes per commit
  size_t max_queued_ops = 1 << 16;         // beyond: ResourceExhausted
  uint64_t tombstone_retention_us = kDefaultTombstoneRetentionUs;
  int zstd_level = 1;
  size_t min_compress_bytes = 64;  // smaller payloads are stored raw
};

class LmdbDocumentStore final : public DocumentStore {
 public:
  // Opens or creates the store. Corruption naming the path when its files are damaged;
  // InvalidArgument naming both versions when it has a newer format; IoError when the
  // directory cannot be created or opened.
  static Result<std::unique_ptr<LmdbDocumentStore>> open(const LmdbStoreOptions& options);
  ~LmdbDocumentStore() override;

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

  uint64_t document_count() const override { return doc_count_.load(); }
  uint64_t bucket_count() const override { return bucket_count_.load(); }
  StoreStats stats() const override;
  void close() override;

  const std::string& path() const { return env_->path(); }

 private:
  LmdbDocumentStore(const LmdbStoreOptions& options, std::unique_ptr<StoreEnv> env);
  Status load_totals();
  void commit_group(std::span<CommitItem> group);
  Status try_commit(std::span<CommitItem> items);
  // Runs `job` in the next group commit and waits for it.
  Status run_job(CommitJob job);
  template <typename Fn>
  auto gated(Fn&& fn) const -> decltype(fn());

  const LmdbStoreOptions options_;
  std::unique_ptr<StoreEnv> env_;  // Invariant: open until close() returns
  LmdbReader reader_;
  LmdbWriter writer_;  // confined to the committer thread
  mutable ReadGate gate_;
  std::mutex close_mu_;  // serializes close() callers
  std::atomic<uint64_t> doc_count_{0};     // Invariant: the sum of doc_count over `buckets`
  std::atomic<uint64_t> bucket_count_{0};  // Invariant: the number of keys in `buckets`
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> committed_ops_{0};
  std::atomic<uint64_t> failed_commits_{0};
  std::unique_ptr<GroupCommitter> committer_;  // started last, stopped first
};

}  // namespace grove::store
