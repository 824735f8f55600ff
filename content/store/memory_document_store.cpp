#include "content/store/memory_document_store.h"

#include <fmt/format.h>

#include <mutex>

namespace grove::store {

namespace {

Status closed_status() { return Status::Unavailable("the document store is closed"); }

EntryFacts facts_of(uint64_t timestamp, bool tombstone, const std::string& payload) {
  return EntryFacts{timestamp, tombstone, tombstone ? 0 : payload.size()};
}

}  // namespace

Status MemoryDocumentStore::check_open() const { return closed_ ? closed_status() : Status::Ok(); }

MemoryDocumentStore::DocMap::const_iterator MemoryDocumentStore::bucket_begin(
    BucketId bucket) const {
  return docs_.lower_bound(Key{bucket, Gid{}});
}

MemoryDocumentStore::DocMap::iterator MemoryDocumentStore::bucket_begin(BucketId bucket) {
  return docs_.lower_bound(Key{bucket, Gid{}});
}

// --- Writes -------------------------------------------------------------------------------------

void MemoryDocumentStore::write(WriteBatch batch, WriteCallback done) {
  Status s = batch.validate();
  if (s.ok()) {
    std::unique_lock lock(mu_);
    s = check_open();
    if (s.ok()) {
      for (WriteOp& op : batch.mutable_ops()) apply(op);
      commits_.fetch_add(1);
      committed_ops_.fetch_add(batch.size());
    }
  }
  if (done) done(s, batch);
}

void MemoryDocumentStore::apply(WriteOp& op) {
  op.applied = false;
  op.previous.reset();
  const bool tombstone = op.kind == WriteKind::kRemove;
  auto [it, inserted] = docs_.try_emplace(Key{op.bucket, op.gid});
  Stored& stored = it->second;
  if (!inserted && !incoming_wins(stored.timestamp, op.timestamp)) return;
  auto [bucket_it, created] = buckets_.try_emplace(op.bucket);
  BucketInfo& info = bucket_it->second;
  if (created) {
    info.ready = op.create_ready;
    info.active = op.create_active;
  }
  op.bucket_ready = info.ready;
  op.bucket_active = info.active;
  if (!inserted) {
    account_remove(info, op.gid, facts_of(stored.timestamp, stored.tombstone, stored.payload));
    doc_count_ -= stored.tombstone ? 0 : 1;
    if (op.want_previous && !stored.tombstone) op.previous = std::move(stored.payload);
  }
  stored = Stored{op.timestamp, tombstone, tombstone ? std::string() : std::move(op.payload)};
  account_add(info, op.gid, facts_of(stored.timestamp, stored.tombstone, stored.payload));
  doc_count_ += tombstone ? 0 : 1;
  op.applied = true;
}

Status MemoryDocumentStore::delete_bucket(BucketId bucket) {
  std::unique_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  auto info = buckets_.find(bucket);
  if (info == buckets_.end()) return Status::Ok();
  auto it = bucket_begin(bucket);
  while (it != docs_.end() && it->first.first == bucket) it = docs_.erase(it);
  doc_count_ -= info->second.doc_count;
  buckets_.erase(info);
  return Status::Ok();
}

Status MemoryDocumentStore::set_bucket_ready(BucketId bucket, bool ready) {
  std::unique_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  buckets_[bucket].ready = ready;
  return Status::Ok();
}

Status MemoryDocumentStore::set_bucket_active(BucketId bucket, bool active) {
  std::unique_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  buckets_[bucket].active = active;
  return Status::Ok();
}

Status MemoryDocumentStore::set_bucket_states(std::span<const BucketStateChange> changes) {
  std::unique_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  for (const BucketStateChange& c : changes) {
    BucketInfo& info = buckets_[c.bucket];
    info.ready = c.ready;
    info.active = c.active;
  }
  return Status::Ok();
}

Result<uint64_t> MemoryDocumentStore::purge_tombstones(uint64_t now_us) {
  std::unique_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  if (now_us < tombstone_retention_us_) return uint64_t{0};
  const uint64_t horizon = now_us - tombstone_retention_us_;
  uint64_t purged = 0;
  for (auto it = docs_.begin(); it != docs_.end();) {
    const Stored& stored = it->second;
    if (!stored.tombstone || stored.timestamp > horizon) {
      ++it;
      continue;
    }
    account_remove(buckets_[it->first.first], it->first.second,
                   facts_of(stored.timestamp, true, stored.payload));
    it = docs_.erase(it);
    ++purged;
  }
  return purged;
}

Status MemoryDocumentStore::set_config_generation(uint64_t generation) {
  std::unique_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  config_generation_ = generation;
  return Status::Ok();
}

void MemoryDocumentStore::close() {
  std::unique_lock lock(mu_);
  closed_ = true;
}

// --- Reads --------------------------------------------------------------------------------------

Result<DocumentEntry> MemoryDocumentStore::get(BucketId bucket, const Gid& gid) const {
  std::shared_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  auto it = docs_.find(Key{bucket, gid});
  if (it == docs_.end()) {
    return Status::NotFound(
        fmt::format("document {} is not in bucket {}", gid.to_hex(), bucket.to_hex()));
  }
  return DocumentEntry{gid, it->second.timestamp, it->second.tombstone, it->second.payload};
}

Result<BucketInfo> MemoryDocumentStore::bucket_info(BucketId bucket) const {
  std::shared_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) {
    return Status::NotFound(fmt::format("bucket {} is not stored", bucket.to_hex()));
  }
  return it->second;
}

Result<std::vector<BucketSummary>> MemoryDocumentStore::list_buckets() const {
  std::shared_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  std::vector<BucketSummary> out;
  out.reserve(buckets_.size());
  for (const auto& [bucket, info] : buckets_) out.push_back(BucketSummary{bucket, info});
  return out;
}

Result<std::vector<EntryMeta>> MemoryDocumentStore::list_entries(BucketId bucket) const {
  std::shared_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  std::vector<EntryMeta> out;
  for (auto it = bucket_begin(bucket); it != docs_.end() && it->first.first == bucket; ++it) {
    out.push_back(EntryMeta{it->first.second, it->second.timestamp, it->second.tombstone});
  }
  return out;
}

Result<std::vector<DocumentEntry>> MemoryDocumentStore::fetch(BucketId bucket,
                                                              std::span<const Gid> gids) const {
  std::shared_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  std::vector<DocumentEntry> out;
  for (const Gid& gid : gids) {
    auto it = docs_.find(Key{bucket, gid});
    if (it == docs_.end()) continue;
    out.push_back(DocumentEntry{gid, it->second.timestamp, it->second.tombstone,
                                it->second.payload});
  }
  return out;
}

Status MemoryDocumentStore::visit_range(BucketId bucket, DocumentVisitor& visitor) const {
  for (auto it = bucket_begin(bucket); it != docs_.end() && it->first.first == bucket; ++it) {
    if (it->second.tombstone) continue;
    GROVE_RETURN_IF_ERROR(visitor.visit(
        DocumentView{bucket, it->first.second, it->second.timestamp, it->second.payload}));
  }
  return Status::Ok();
}

Status MemoryDocumentStore::visit_bucket(BucketId bucket, DocumentVisitor& visitor) const {
  std::shared_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  return visit_range(bucket, visitor);
}

Status MemoryDocumentStore::visit_ready_documents(DocumentVisitor& visitor) const {
  std::shared_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  for (const auto& [bucket, info] : buckets_) {
    if (info.ready) GROVE_RETURN_IF_ERROR(visit_range(bucket, visitor));
  }
  return Status::Ok();
}

Result<uint64_t> MemoryDocumentStore::config_generation() const {
  std::shared_lock lock(mu_);
  GROVE_RETURN_IF_ERROR(check_open());
  return config_generation_;
}

uint64_t MemoryDocumentStore::document_count() const {
  std::shared_lock lock(mu_);
  return doc_count_;
}

uint64_t MemoryDocumentStore::bucket_count() const {
  std::shared_lock lock(mu_);
  return buckets_.size();
}

StoreStats MemoryDocumentStore::stats() const {
  return StoreStats{commits_.load(), committed_ops_.load(), 0};
}

}  // namespace grove::store
