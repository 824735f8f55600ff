#include "content/store/lmdb_reader.h"

#include <fmt/format.h>

#include "content/store/payload_codec.h"
#include "content/store/store_format.h"

namespace grove::store {

Status LmdbReader::corruption(BucketId bucket, const Status& cause) const {
  return Status(cause.code(), fmt::format("store at {}, bucket {}: {}", env_.path(),
                                          bucket.to_hex(), cause.message()));
}

Result<std::optional<DocumentEntry>> LmdbReader::find_entry(const LmdbTxn& txn, BucketId bucket,
                                                            const Gid& gid) const {
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored,
                         txn.find(env_.docs(), format::doc_key(bucket, gid)));
  if (!stored.has_value()) return std::optional<DocumentEntry>();
  Result<format::DocValue> value = format::decode_doc_value(*stored);
  if (!value.ok()) return corruption(bucket, value.status());
  DocumentEntry entry{gid, value->timestamp, value->tombstone(), {}};
  if (!entry.tombstone) {
    Status s = decode_payload(*value, entry.payload);
    if (!s.ok()) return corruption(bucket, s);
  }
  return std::optional<DocumentEntry>(std::move(entry));
}

Result<DocumentEntry> LmdbReader::get(BucketId bucket, const Gid& gid) const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env_.lmdb()));
  GROVE_ASSIGN_OR_RETURN(std::optional<DocumentEntry> entry, find_entry(txn, bucket, gid));
  if (!entry.has_value()) {
    return Status::NotFound(
        fmt::format("document {} is not in bucket {}", gid.to_hex(), bucket.to_hex()));
  }
  return std::move(*entry);
}

Result<BucketInfo> LmdbReader::bucket_info(BucketId bucket) const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env_.lmdb()));
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored,
                         txn.find(env_.buckets(), format::bucket_key(bucket)));
  if (!stored.has_value()) {
    return Status::NotFound(fmt::format("bucket {} is not stored", bucket.to_hex()));
  }
  Result<BucketInfo> info = format::decode_bucket_info(*stored);
  if (!info.ok()) return corruption(bucket, info.status());
  return info;
}

Result<std::vector<BucketSummary>> LmdbReader::list_buckets() const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env_.lmdb()));
  GROVE_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::open(txn, env_.buckets()));
  std::vector<BucketSummary> buckets;
  GROVE_ASSIGN_OR_RETURN(bool more, cursor.first());
  while (more) {
    BucketId bucket = format::key_bucket(cursor.key());
    Result<BucketInfo> info = format::decode_bucket_info(cursor.value());
    if (!info.ok()) return corruption(bucket, info.status());
    buckets.push_back(BucketSummary{bucket, *info});
    GROVE_ASSIGN_OR_RETURN(more, cursor.next());
  }
  return buckets;
}

Result<std::vector<EntryMeta>> LmdbReader::list_entries(BucketId bucket) const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env_.lmdb()));
  GROVE_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::open(txn, env_.docs()));
  std::vector<EntryMeta> entries;
  GROVE_ASSIGN_OR_RETURN(bool more, cursor.seek(format::bucket_key(bucket)));
  while (more && format::key_bucket(cursor.key()) == bucket) {
    Result<format::DocValue> value = format::decode_doc_value(cursor.value());
    if (!value.ok()) return corruption(bucket, value.status());
    entries.push_back(EntryMeta{format::key_gid(cursor.key()), value->timestamp,
                                value->tombstone()});
    GROVE_ASSIGN_OR_RETURN(more, cursor.next());
  }
  return entries;
}

Result<std::vector<DocumentEntry>> LmdbReader::fetch(BucketId bucket,
                                                     std::span<const Gid> gids) const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env_.lmdb()));
  std::vector<DocumentEntry> entries;
  entries.reserve(gids.size());
  for (const Gid& gid : gids) {
    GROVE_ASSIGN_OR_RETURN(std::optional<DocumentEntry> entry, find_entry(txn, bucket, gid));
    if (entry.has_value()) entries.push_back(std::move(*entry));
  }
  return entries;
}

Status LmdbReader::visit_range(const LmdbTxn& txn, BucketId bucket, DocumentVisitor& visitor,
                               std::string& scratch) const {
  GROVE_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::open(txn, env_.docs()));
  GROVE_ASSIGN_OR_RETURN(bool more, cursor.seek(format::bucket_key(bucket)));
  while (more && format::key_bucket(cursor.key()) == bucket) {
    Result<format::DocValue> value = format::decode_doc_value(cursor.value());
    if (!value.ok()) return corruption(bucket, value.status());
    if (!value->tombstone()) {
      Result<std::string_view> payload = payload_view(*value, scratch);
      if (!payload.ok()) return corruption(bucket, payload.status());
      Gid gid = format::key_gid(cursor.key());
      GROVE_RETURN_IF_ERROR(visitor.visit(DocumentView{bucket, gid, value->timestamp, *payload}));
    }
    GROVE_ASSIGN_OR_RETURN(more, cursor.next());
  }
  return Status::Ok();
}

Status LmdbReader::visit_bucket(BucketId bucket, DocumentVisitor& visitor) const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env_.lmdb()));
  std::string scratch;
  return visit_range(txn, bucket, visitor, scratch);
}

Status LmdbReader::visit_ready_documents(DocumentVisitor& visitor) const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env_.lmdb()));
  GROVE_ASSIGN_OR_RETURN(LmdbCursor buckets, LmdbCursor::open(txn, env_.buckets()));
  std::string scratch;
  GROVE_ASSIGN_OR_RETURN(bool more, buckets.first());
  while (more) {
    BucketId bucket = format::key_bucket(buckets.key());
    Result<BucketInfo> info = format::decode_bucket_info(buckets.value());
    if (!info.ok()) return corruption(bucket, info.status());
    if (info->ready) GROVE_RETURN_IF_ERROR(visit_range(txn, bucket, visitor, scratch));
    GROVE_ASSIGN_OR_RETURN(more, buckets.next());
  }
  return Status::Ok();
}

Result<uint64_t> LmdbReader::config_generation() const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env_.lmdb()));
  const auto& key = format::kConfigGenerationKey;
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored,
                         txn.find(env_.meta(), {reinterpret_cast<const uint8_t*>(key.data()),
                                                key.size()}));
  if (!stored.has_value()) return uint64_t{0};
  if (stored->size() != 8) {
    return Status::Corruption(fmt::format("store at {}: config generation has {} bytes",
                                          env_.path(), stored->size()));
  }
  return format::load_u64le(stored->data());
}

}  // namespace grove::store
