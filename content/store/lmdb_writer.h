#pragma once

// LmdbWriter: applies writes and maintenance to the store's databases inside one LMDB write
// transaction, keeping the `buckets` info (count, tombstones, checksum, bytes) in step with
// `docs` (docs/format.md), with last writer wins per entry.
//
// Usage (committer thread):
//   GROVE_RETURN_IF_ERROR(writer.begin());
//   Status s = writer.apply(batch);           // sets each op's `applied`
//   s = s.ok() ? writer.commit() : (writer.abort(), s);
//   totals += writer.doc_delta();             // after a successful commit
//
// Confined to the committer thread. It reuses its zstd context and buffers, so a put allocates
// nothing once the buffers have grown. Call order: begin(), any writes, then commit() or abort().

#include <cstdint>
#include <optional>

#include "content/store/bucket_accounting.h"
#include "content/store/store_env.h"
#include "content/store/payload_codec.h"
#include "content/store/store_format.h"
#include "content/store/write_batch.h"
#include "services/base/result.h"

namespace grove::store {

enum class BucketFlag { kReady, kActive };

class LmdbWriter {
 public:
  LmdbWriter(const StoreEnv& env, int zstd_level, size_t min_compress_bytes);

  Status begin();
  // Durable when it returns OK (LMDB's default sync). The transaction is gone either way.
  Status commit();
  void abort();
  bool in_transaction() const { return txn_.has_value(); }

  // Applies every operation of the batch; sets WriteOp::applied. A non-OK Status (the map is
  // full, the disk failed, a stored value is damaged) leaves the transaction to be aborted.
  Status apply(WriteBatch& batch);
  Status delete_bucket(BucketId bucket);
  Status set_bucket_flag(BucketId bucket, BucketFlag flag, bool value);
  Status set_bucket_state(BucketId bucket, bool ready, bool active);
  // Drops every tombstone with timestamp <= horizon_us; returns how many.
  Result<uint64_t> purge_tombstones(uint64_t horizon_us);
  Status set_config_generation(uint64_t generation);

  // How the current transaction changed the live document and bucket totals.
  int64_t doc_delta() const { return doc_delta_; }
  int64_t bucket_delta() const { return bucket_delta_; }

 private:
  Status apply_op(WriteOp& op);
  Result<EntryFacts> write_value(const format::DocKey& key, const WriteOp& op);
  // Accounts `op` (replacing `old`) in its bucket's info, and reports the bucket's flags in it.
  Status update_bucket(WriteOp& op, const std::optional<EntryFacts>& old, const EntryFacts& now);
  // A bucket that does not exist yet starts empty with the given flags.
  Result<BucketInfo> load_or_create_bucket(BucketId bucket, bool ready = false, bool active = false);
  Result<std::optional<BucketInfo>> load_bucket(BucketId bucket);
  Status store_bucket(BucketId bucket, const BucketInfo& info);
  Result<uint64_t> purge_bucket(BucketId bucket, uint64_t horizon_us);
  Status put_raw(MDB_dbi dbi, LmdbBytes key, LmdbBytes value, std::string_view what);

  const StoreEnv& env_;
  std::optional<LmdbTxn> txn_;  // Invariant: set between begin() and commit()/abort()
  PayloadEncoder encoder_;
  int64_t doc_delta_ = 0;     // reset by begin()
  int64_t bucket_delta_ = 0;  // reset by begin()
};

}  // namespace grove::store
