#pragma once

// LmdbReader: the read side of LmdbDocumentStore. Every call runs in its own LMDB read
// transaction (a consistent snapshot) and never waits for the writer (MVCC).
//
// Usage:
//   LmdbReader reader(env);
//   Result<DocumentEntry> doc = reader.get(bucket, gid);
//
// Thread-safe: it holds only a reference to the environment, which must outlive it. A read
// transaction is begun per call (LMDB takes its reader-table lock once per transaction, not per
// document); visits decode into one buffer reused for the whole visit.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "content/store/store_env.h"
#include "content/store/store_types.h"
#include "services/base/result.h"

namespace grove::store {

class LmdbReader {
 public:
  explicit LmdbReader(const StoreEnv& env) : env_(env) {}

  Result<DocumentEntry> get(BucketId bucket, const Gid& gid) const;
  Result<BucketInfo> bucket_info(BucketId bucket) const;
  Result<std::vector<BucketSummary>> list_buckets() const;
  Result<std::vector<EntryMeta>> list_entries(BucketId bucket) const;
  Result<std::vector<DocumentEntry>> fetch(BucketId bucket, std::span<const Gid> gids) const;
  Status visit_bucket(BucketId bucket, DocumentVisitor& visitor) const;
  Status visit_ready_documents(DocumentVisitor& visitor) const;
  Result<uint64_t> config_generation() const;

 private:
  Result<std::optional<DocumentEntry>> find_entry(const LmdbTxn& txn, BucketId bucket,
                                                  const Gid& gid) const;
  Status visit_range(const LmdbTxn& txn, BucketId bucket, DocumentVisitor& visitor,
                     std::string& scratch) const;
  Status corruption(BucketId bucket, const Status& cause) const;

  const StoreEnv& env_;
};

}  // namespace grove::store
