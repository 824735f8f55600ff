#include "content/store/document_store.h"

#include <future>
#include <utility>

namespace grove::store {

Result<std::vector<bool>> DocumentStore::write_sync(WriteBatch batch) {
  std::promise<Result<std::vector<bool>>> promise;
  auto future = promise.get_future();
  write(std::move(batch), [&promise](const Status& status, const WriteBatch& done) {
    if (!status.ok()) {
      promise.set_value(status);
      return;
    }
    std::vector<bool> applied;
    applied.reserve(done.size());
    for (const WriteOp& op : done.ops()) applied.push_back(op.applied);
    promise.set_value(std::move(applied));
  });
  return future.get();
}

Result<bool> DocumentStore::put(BucketId bucket, const Gid& gid, uint64_t timestamp,
                                std::string payload) {
  WriteBatch batch;
  batch.put(bucket, gid, timestamp, std::move(payload));
  GROVE_ASSIGN_OR_RETURN(std::vector<bool> applied, write_sync(std::move(batch)));
  return static_cast<bool>(applied.front());
}

Result<bool> DocumentStore::remove(BucketId bucket, const Gid& gid, uint64_t timestamp) {
  WriteBatch batch;
  batch.remove(bucket, gid, timestamp);
  GROVE_ASSIGN_OR_RETURN(std::vector<bool> applied, write_sync(std::move(batch)));
  return static_cast<bool>(applied.front());
}

Result<size_t> DocumentStore::merge(BucketId bucket, std::vector<DocumentEntry> entries) {
  WriteBatch batch;
  batch.reserve(entries.size());
  for (DocumentEntry& entry : entries) batch.add_entry(bucket, std::move(entry));
  GROVE_ASSIGN_OR_RETURN(std::vector<bool> applied, write_sync(std::move(batch)));
  size_t count = 0;
  for (bool a : applied) count += a ? 1 : 0;
  return count;
}

}  // namespace grove::store
