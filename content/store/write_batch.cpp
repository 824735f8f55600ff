#include "content/store/write_batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace grove::store {

void WriteBatch::put(BucketId bucket, const Gid& gid, uint64_t timestamp, std::string payload) {
  payload_bytes_ += payload.size();
  ops_.push_back(WriteOp{WriteKind::kPut, bucket, gid, timestamp, std::move(payload)});
}

void WriteBatch::remove(BucketId bucket, const Gid& gid, uint64_t timestamp) {
  ops_.push_back(WriteOp{WriteKind::kRemove, bucket, gid, timestamp});
}

void WriteBatch::add_entry(BucketId bucket, DocumentEntry entry) {
  if (entry.tombstone) {
    remove(bucket, entry.gid, entry.timestamp);
  } else {
    put(bucket, entry.gid, entry.timestamp, std::move(entry.payload));
  }
}

size_t WriteBatch::applied_count() const {
  return static_cast<size_t>(
      std::count_if(ops_.begin(), ops_.end(), [](const WriteOp& op) { return op.applied; }));
}

Status WriteBatch::validate() const {
  for (size_t i = 0; i < ops_.size(); ++i) {
    const WriteOp& op = ops_[i];
    if (op.timestamp == 0) {
      return Status::InvalidArgument(fmt::format(
          "write batch operation {} (bucket {}, gid {}): timestamp 0 is not a valid timestamp", i,
          op.bucket.to_hex(), op.gid.to_hex()));
    }
    if (op.payload.size() > kMaxPayloadBytes) {
      return Status::InvalidArgument(
          fmt::format("write batch operation {} (gid {}): payload of {} bytes exceeds the limit "
                      "of {} bytes",
                      i, op.gid.to_hex(), op.payload.size(), kMaxPayloadBytes));
    }
  }
  return Status::Ok();
}

}  // namespace grove::store
