#pragma once

// The value types a DocumentStore takes and returns: stored entries, bucket info, statistics and
// the visitor used to stream documents out without copying them.
//
// A document is keyed by (bucket id, GID). Its entry holds the timestamp the distributor assigned
// (µs, unique and rising per bucket), a tombstone flag (set by a remove) and the payload: the
// serialized document as opaque bytes (empty for a tombstone).
//
// Value types; thread-compatible. DocumentVisitor implementations are called on the caller's
// thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/base/status.h"
#include "services/distribution/bucket_id.h"
#include "services/distribution/document_id.h"

namespace grove::store {

using distribution::BucketId;
using distribution::Gid;

// Tombstones are kept this long after their remove (Vespa's default: two weeks), so that a merge
// from a replica that missed the remove cannot bring the document back.
inline constexpr uint64_t kDefaultTombstoneRetentionUs = 14ull * 24 * 3600 * 1'000'000;

// The largest payload a store accepts; a bigger one is InvalidArgument.
inline constexpr uint64_t kMaxPayloadBytes = 256ull << 20;

// One stored entry with its payload.
struct DocumentEntry {
  Gid gid;
  uint64_t timestamp = 0;
  bool tombstone = false;
  std::string payload;  // empty for a tombstone

  friend bool operator==(const DocumentEntry&, const DocumentEntry&) = default;
};

// One stored entry without its payload: what a merge compares between replicas.
struct EntryMeta {
  Gid gid;
  uint64_t timestamp = 0;
  bool tombstone = false;

  friend bool operator==(const EntryMeta&, const EntryMeta&) = default;
};

// What the `buckets` database holds per bucket (DESIGN §6: the distributor's bucket database is
// built from these).
struct BucketInfo {
  uint64_t doc_count = 0;        // entries that are not tombstones
  uint64_t tombstone_count = 0;  // entries that are tombstones
  // XOR over all entries, tombstones included, of XXH64(gid bytes ++ timestamp as 8 bytes
  // little-endian, seed 0). Order-independent: replicas holding the same (gid, timestamp) set
  // have the same checksum. 0 for an empty bucket.
  uint64_t checksum = 0;
  uint64_t total_bytes = 0;  // uncompressed payload bytes of the live (non-tombstone) entries
  bool ready = false;        // indexed (a ready replica)
  bool active = false;       // searched (the active replica of its leaf group)

  friend bool operator==(const BucketInfo&, const BucketInfo&) = default;
};

// A bucket's new flags (DocumentStore::set_bucket_states).
struct BucketStateChange {
  BucketId bucket;
  bool ready = false;
  bool active = false;
};

struct BucketSummary {
  BucketId bucket;
  BucketInfo info;

  friend bool operator==(const BucketSummary&, const BucketSummary&) = default;
};

// Counters of the write path, for tests and metrics.
struct StoreStats {
  uint64_t commits = 0;         // successful commits (one per group of batches)
  uint64_t committed_ops = 0;   // operations (puts, removes, maintenance jobs) in those commits
  uint64_t failed_commits = 0;  // commits that failed and were reported to their writers
};

// A live document handed to a DocumentVisitor. `payload` points into the store's memory (or a
// reused buffer) and is valid only during the visit() call.
struct DocumentView {
  BucketId bucket;
  const Gid& gid;
  uint64_t timestamp;
  std::string_view payload;
};

// Receives documents streamed out of a store (index start-up, setting a bucket ready). One
// virtual call per document, no allocation. Returning a non-OK Status stops the visit, and the
// visit returns that Status.
class DocumentVisitor {
 public:
  virtual ~DocumentVisitor() = default;
  virtual Status visit(const DocumentView& doc) = 0;
};

}  // namespace grove::store
