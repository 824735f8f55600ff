#include "content/store/lmdb_writer.h"

#include <fmt/format.h>

#include <cstring>
#include <vector>

namespace grove::store {

LmdbWriter::LmdbWriter(const StoreEnv& env, int zstd_level, size_t min_compress_bytes)
    : env_(env), encoder_(zstd_level, min_compress_bytes) {}

Status LmdbWriter::begin() {
  GROVE_ASSERT(!txn_.has_value());
  doc_delta_ = 0;
  bucket_delta_ = 0;
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(env_.lmdb()));
  txn_.emplace(std::move(txn));
  return Status::Ok();
}

Status LmdbWriter::commit() {
  GROVE_ASSERT(txn_.has_value());
  Status s = txn_->commit(fmt::format("committing a write transaction at {}", env_.path()));
  txn_.reset();
  return s;
}

void LmdbWriter::abort() { txn_.reset(); }

Status LmdbWriter::apply(WriteBatch& batch) {
  for (WriteOp& op : batch.mutable_ops()) GROVE_RETURN_IF_ERROR(apply_op(op));
  return Status::Ok();
}

Status LmdbWriter::apply_op(WriteOp& op) {
  op.applied = false;
  op.previous.reset();
  const format::DocKey key = format::doc_key(op.bucket, op.gid);
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored, txn_->find(env_.docs(), key));
  std::optional<EntryFacts> old;
  if (stored.has_value()) {
    GROVE_ASSIGN_OR_RETURN(format::DocValue value, format::decode_doc_value(*stored));
    if (!incoming_wins(value.timestamp, op.timestamp)) return Status::Ok();
    old = EntryFacts{value.timestamp, value.tombstone(), value.payload_size};
    if (op.want_previous && !value.tombstone()) {
      GROVE_RETURN_IF_ERROR(decode_payload(value, op.previous.emplace()));
    }
  }
  GROVE_ASSIGN_OR_RETURN(EntryFacts now, write_value(key, op));
  GROVE_RETURN_IF_ERROR(update_bucket(op, old, now));
  op.applied = true;
  return Status::Ok();
}

Result<EntryFacts> LmdbWriter::write_value(const format::DocKey& key, const WriteOp& op) {
  const bool tombstone = op.kind == WriteKind::kRemove;
  EncodedBody body = tombstone ? EncodedBody{} : encoder_.encode(op.payload);
  const uint8_t flags = static_cast<uint8_t>((tombstone ? format::kTombstoneFlag : 0) | body.flags);
  MDB_val k = to_val(key);
  MDB_val v{format::kDocHeaderSize + body.size(), nullptr};
  int rc = mdb_put(txn_->get(), env_.docs(), &k, &v, MDB_RESERVE);
  if (rc != MDB_SUCCESS) {
    return lmdb_status(rc, fmt::format("writing document {} of bucket {} ({} bytes)",
                                       op.gid.to_hex(), op.bucket.to_hex(), v.mv_size));
  }
  auto* out = static_cast<uint8_t*>(v.mv_data);
  format::encode_doc_header(op.timestamp, flags, out);
  out += format::kDocHeaderSize;
  if (!body.prefix.empty()) std::memcpy(out, body.prefix.data(), body.prefix.size());
  out += body.prefix.size();
  if (!body.data.empty()) std::memcpy(out, body.data.data(), body.data.size());
  return EntryFacts{op.timestamp, tombstone, tombstone ? 0 : op.payload.size()};
}

Status LmdbWriter::update_bucket(WriteOp& op, const std::optional<EntryFacts>& old,
                                 const EntryFacts& now) {
  const BucketId bucket = op.bucket;
  const Gid& gid = op.gid;
  GROVE_ASSIGN_OR_RETURN(BucketInfo info, load_or_create_bucket(bucket, op.create_ready, op.create_active));
  op.bucket_ready = info.ready;
  op.bucket_active = info.active;
  if (old.has_value()) {
    account_remove(info, gid, *old);
    doc_delta_ -= old->tombstone ? 0 : 1;
  }
  account_add(info, gid, now);
  doc_delta_ += now.tombstone ? 0 : 1;
  return store_bucket(bucket, info);
}

Result<std::optional<BucketInfo>> LmdbWriter::load_bucket(BucketId bucket) {
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored,
                         txn_->find(env_.buckets(), format::bucket_key(bucket)));
  if (!stored.has_value()) return std::optional<BucketInfo>();
  Result<BucketInfo> info = format::decode_bucket_info(*stored);
  if (!info.ok()) {
    return Status::Corruption(fmt::format("bucket {} at {}: {}", bucket.to_hex(), env_.path(),
                                          info.status().message()));
  }
  return std::optional<BucketInfo>(*info);
}

Result<BucketInfo> LmdbWriter::load_or_create_bucket(BucketId bucket, bool ready, bool active) {
  GROVE_ASSIGN_OR_RETURN(std::optional<BucketInfo> info, load_bucket(bucket));
  if (info.has_value()) return *info;
  ++bucket_delta_;
  BucketInfo created;
  created.ready = ready;
  created.active = active;
  return created;
}

Status LmdbWriter::store_bucket(BucketId bucket, const BucketInfo& info) {
  auto key = format::bucket_key(bucket);
  auto value = format::encode_bucket_info(info);
  return put_raw(env_.buckets(), key, value, "writing the info of a bucket");
}

Status LmdbWriter::put_raw(MDB_dbi dbi, LmdbBytes key, LmdbBytes value, std::string_view what) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  return lmdb_status(mdb_put(txn_->get(), dbi, &k, &v, 0), what);
}

Status LmdbWriter::delete_bucket(BucketId bucket) {
  GROVE_ASSIGN_OR_RETURN(std::optional<BucketInfo> info, load_bucket(bucket));
  if (!info.has_value()) return Status::Ok();
  auto prefix = format::bucket_key(bucket);
  GROVE_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::open(*txn_, env_.docs()));
  GROVE_ASSIGN_OR_RETURN(bool more, cursor.seek(prefix));
  while (more && format::key_bucket(cursor.key()) == bucket) {
    GROVE_RETURN_IF_ERROR(cursor.erase());
    GROVE_ASSIGN_OR_RETURN(more, cursor.next());
  }
  MDB_val k = to_val(prefix);
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_del(txn_->get(), env_.buckets(), &k, nullptr),
                                    fmt::format("deleting bucket {}", bucket.to_hex())));
  doc_delta_ -= static_cast<int64_t>(info->doc_count);
  --bucket_delta_;
  return Status::Ok();
}

Status LmdbWriter::set_bucket_flag(BucketId bucket, BucketFlag flag, bool value) {
  GROVE_ASSIGN_OR_RETURN(BucketInfo info, load_or_create_bucket(bucket));
  (flag == BucketFlag::kReady ? info.ready : info.active) = value;
  return store_bucket(bucket, info);
}

Status LmdbWriter::set_bucket_state(BucketId bucket, bool ready, bool active) {
  GROVE_ASSIGN_OR_RETURN(BucketInfo info, load_or_create_bucket(bucket));
  info.ready = ready;
  info.active = active;
  return store_bucket(bucket, info);
}

Result<uint64_t> LmdbWriter::purge_tombstones(uint64_t horizon_us) {
  // Collect first: the buckets database is rewritten while purging.
  std::vector<BucketId> with_tombstones;
  {
    GROVE_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::open(*txn_, env_.buckets()));
    GROVE_ASSIGN_OR_RETURN(bool more, cursor.first());
    while (more) {
      GROVE_ASSIGN_OR_RETURN(BucketInfo info, format::decode_bucket_info(cursor.value()));
      if (info.tombstone_count > 0) with_tombstones.push_back(format::key_bucket(cursor.key()));
      GROVE_ASSIGN_OR_RETURN(more, cursor.next());
    }
  }
  uint64_t purged = 0;
  for (BucketId bucket : with_tombstones) {
    GROVE_ASSIGN_OR_RETURN(uint64_t n, purge_bucket(bucket, horizon_us));
    purged += n;
  }
  return purged;
}

Result<uint64_t> LmdbWriter::purge_bucket(BucketId bucket, uint64_t horizon_us) {
  GROVE_ASSIGN_OR_RETURN(BucketInfo info, load_or_create_bucket(bucket));
  GROVE_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::open(*txn_, env_.docs()));
  GROVE_ASSIGN_OR_RETURN(bool more, cursor.seek(format::bucket_key(bucket)));
  uint64_t purged = 0;
  while (more && format::key_bucket(cursor.key()) == bucket) {
    GROVE_ASSIGN_OR_RETURN(format::DocValue value, format::decode_doc_value(cursor.value()));
    if (value.tombstone() && value.timestamp <= horizon_us) {
      account_remove(info, format::key_gid(cursor.key()), EntryFacts{value.timestamp, true, 0});
      GROVE_RETURN_IF_ERROR(cursor.erase());
      ++purged;
    }
    GROVE_ASSIGN_OR_RETURN(more, cursor.next());
  }
  GROVE_RETURN_IF_ERROR(store_bucket(bucket, info));
  return purged;
}

Status LmdbWriter::set_config_generation(uint64_t generation) {
  uint8_t bytes[8];
  format::store_u64le(generation, bytes);
  const auto& key = format::kConfigGenerationKey;
  return put_raw(env_.meta(), {reinterpret_cast<const uint8_t*>(key.data()), key.size()},
                 {bytes, sizeof bytes}, "writing the config generation");
}

}  // namespace grove::store
