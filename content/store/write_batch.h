#pragma once

// WriteBatch: puts and removes handed to a DocumentStore as one unit. The store applies every
// operation with last-writer-wins on its timestamp and acknowledges the batch only after the
// commit that holds it is durable.
//
// Usage:
//   WriteBatch batch;
//   batch.put(bucket, gid, 1700000000000001, std::move(serialized));
//   batch.remove(bucket, other_gid, 1700000000000002);
//   store.write(std::move(batch), [](const Status& s, const WriteBatch& done) {
//     if (s.ok() && done.ops()[0].applied) ...
//   });
//
// A batch is a value that the store owns while it is queued. Externally synchronized.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "content/store/store_types.h"
#include "services/base/status.h"

namespace grove::store {

enum class WriteKind : uint8_t { kPut, kRemove };

struct WriteOp {
  WriteKind kind = WriteKind::kPut;
  BucketId bucket;
  Gid gid;
  uint64_t timestamp = 0;
  std::string payload;  // empty for a remove
  // Set by the store when the batch completes OK: true when this operation changed the store
  // (its timestamp was newer than the stored entry's, or there was none).
  bool applied = false;
  // Asks the store for the document this operation replaces (an index must un-count its terms).
  bool want_previous = false;
  // With want_previous, set when the batch completes OK and the operation replaced a stored
  // document (not a tombstone): that document's payload, decompressed.
  std::optional<std::string> previous;
  // When this operation creates its bucket (the store holds no info for it), the bucket starts
  // with these flags (WriteBatch::set_create_role).
  bool create_ready = false;
  bool create_active = false;
  // Set by the store when the batch completes OK: the bucket's flags after this operation (how
  // its document is to be indexed).
  bool bucket_ready = false;
  bool bucket_active = false;
};

class WriteBatch {
 public:
  WriteBatch() = default;
  WriteBatch(WriteBatch&&) = default;
  WriteBatch& operator=(WriteBatch&&) = default;
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  void reserve(size_t ops) { ops_.reserve(ops); }
  void put(BucketId bucket, const Gid& gid, uint64_t timestamp, std::string payload);
  void remove(BucketId bucket, const Gid& gid, uint64_t timestamp);
  // Makes the last operation added return the document it replaces (WriteOp::previous).
  void want_previous() { ops_.back().want_previous = true; }
  // The flags the last operation added gives its bucket when it creates it (WriteOp).
  void set_create_role(bool ready, bool active) {
    ops_.back().create_ready = ready;
    ops_.back().create_active = active;
  }
  // Adds an entry copied from another replica: a put, or a remove for a tombstone.
  void add_entry(BucketId bucket, DocumentEntry entry);

  std::span<const WriteOp> ops() const { return ops_; }
  std::span<WriteOp> mutable_ops() { return ops_; }
  size_t size() const { return ops_.size(); }
  bool empty() const { return ops_.empty(); }
  // Payload bytes over all operations.
  uint64_t payload_bytes() const { return payload_bytes_; }
  // The number of operations marked applied.
  size_t applied_count() const;

  // OK, or InvalidArgument naming the first bad operation: timestamp 0, or a payload larger
  // than kMaxPayloadBytes.
  Status validate() const;

 private:
  std::vector<WriteOp> ops_;
  uint64_t payload_bytes_ = 0;  // Invariant: the sum of ops_[i].payload.size()
};

}  // namespace grove::store
