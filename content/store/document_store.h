#pragma once

// DocumentStore: the durable document store of a content node (DESIGN §8). Documents are keyed
// by (bucket id, GID); each entry holds the distributor's timestamp, a tombstone flag and the
// serialized document as opaque bytes. LmdbDocumentStore is the real one; MemoryDocumentStore
// is its in-memory twin for tests. One conformance suite runs against both.
//
// Semantics (shared by every implementation):
//   - Last writer wins per (bucket, gid): a put or remove is applied only when its timestamp is
//     newer than the stored entry's. An equal timestamp keeps the stored entry (idempotent
//     retries). WriteOp::applied tells which operations changed the store.
//   - A remove leaves a tombstone (also when nothing was stored), so an older put arriving late
//     cannot bring the document back. purge_tombstones() drops tombstones past the retention.
//   - A write is acknowledged (its callback runs) only after the commit that holds it is durable.
//   - A bucket exists from its first entry (or set_bucket_ready/active) until delete_bucket();
//     purging its last tombstone leaves it, empty.
//
// Usage:
//   std::unique_ptr<DocumentStore> store = ...;
//   Result<bool> applied = store->put(bucket, gid, ts, std::move(bytes));
//   Result<DocumentEntry> doc = store->get(bucket, gid);   // NotFound, or maybe a tombstone
//   store->close();                                          // at shutdown, after the readers
//
// Thread-safe: any method may be called from any thread. Reads never wait for the writer.
// Callbacks of write() may run on the store's committer thread: they must be short, and must
// neither wait for another write of the same store nor close it (that would deadlock the
// committer); queuing another write() from a callback is fine.
// Call order: close() last; after it, writes fail with Unavailable and reads with Unavailable.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "content/store/store_types.h"
#include "content/store/write_batch.h"
#include "services/base/result.h"
#include "services/base/status.h"

namespace grove::store {

// Called once per write() with the outcome: OK once durable, or the reason it was not written
// (then nothing of the batch was written). `batch` carries the applied flags; its payloads may
// have been moved into the store.
using WriteCallback = std::function<void(const Status& status, const WriteBatch& batch)>;

class DocumentStore {
 public:
  virtual ~DocumentStore() = default;

  // --- Writes -------------------------------------------------------------------------------

  // Queues `batch` for the next group commit and calls `done` once. Fails through `done`: with
  // InvalidArgument (see WriteBatch::validate), Unavailable after close(), ResourceExhausted
  // when the queue is full or the map is full (back off), IoError when the disk failed.
  virtual void write(WriteBatch batch, WriteCallback done) = 0;

  // write() and wait: per operation of the batch, in order, whether it was applied.
  Result<std::vector<bool>> write_sync(WriteBatch batch);
  // One put or remove, waited for: true when applied, false when a newer entry was stored.
  Result<bool> put(BucketId bucket, const Gid& gid, uint64_t timestamp, std::string payload);
  Result<bool> remove(BucketId bucket, const Gid& gid, uint64_t timestamp);
  // Applies entries from another replica, last writer wins per entry (tombstones included);
  // returns how many were applied.
  Result<size_t> merge(BucketId bucket, std::vector<DocumentEntry> entries);

  // Drops the bucket's entries and its info. OK when it did not exist.
  virtual Status delete_bucket(BucketId bucket) = 0;
  // Sets a flag of the bucket; creates the bucket, empty, when it does not exist (a replica may
  // be made ready before its first document arrives).
  virtual Status set_bucket_ready(BucketId bucket, bool ready) = 0;
  virtual Status set_bucket_active(BucketId bucket, bool active) = 0;
  // Sets both flags of many buckets in one commit, creating the ones that do not exist (empty).
  virtual Status set_bucket_states(std::span<const BucketStateChange> changes) = 0;
  // Drops every tombstone whose timestamp is at least the retention older than `now_us`;
  // returns how many were dropped.
  virtual Result<uint64_t> purge_tombstones(uint64_t now_us) = 0;
  // The config generation the node last applied (0 until set).
  virtual Status set_config_generation(uint64_t generation) = 0;

  // --- Reads (a consistent snapshot per call) --------------------------------------------------

  // The entry (maybe a tombstone: "removed at T"), or NotFound.
  virtual Result<DocumentEntry> get(BucketId bucket, const Gid& gid) const = 0;
  // The bucket's info, or NotFound.
  virtual Result<BucketInfo> bucket_info(BucketId bucket) const = 0;
  // Every bucket with its info, in bucket id order.
  virtual Result<std::vector<BucketSummary>> list_buckets() const = 0;
  // The (gid, timestamp, tombstone) of every entry of the bucket, in gid order; empty when the
  // bucket does not exist.
  virtual Result<std::vector<EntryMeta>> list_entries(BucketId bucket) const = 0;
  // The entries (with payloads, tombstones included) of the given gids of the bucket, in the
  // order asked; gids that are not stored are skipped.
  virtual Result<std::vector<DocumentEntry>> fetch(BucketId bucket,
                                                   std::span<const Gid> gids) const = 0;
  // Streams the live documents of one bucket, in gid order.
  virtual Status visit_bucket(BucketId bucket, DocumentVisitor& visitor) const = 0;
  // Streams the live documents of every ready bucket (index start-up), in key order.
  virtual Status visit_ready_documents(DocumentVisitor& visitor) const = 0;
  virtual Result<uint64_t> config_generation() const = 0;

  // Live documents over all buckets, and the number of buckets: cheap (for ping).
  virtual uint64_t document_count() const = 0;
  virtual uint64_t bucket_count() const = 0;
  virtual StoreStats stats() const = 0;

  // Stops admitting writes, commits what is queued (acknowledging it), then closes. Waits for
  // reads in progress. Idempotent.
  virtual void close() = 0;
};

}  // namespace grove::store
