#include "content/store/store_format.h"

#include <fmt/format.h>

#include <cstring>

#include "services/base/assert.h"

namespace grove::store::format {

namespace {

void store_u64be(uint64_t v, uint8_t* out) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(v);
    v >>= 8;
  }
}

uint64_t load_u64be(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

}  // namespace

void store_u32le(uint32_t v, uint8_t* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

void store_u64le(uint64_t v, uint8_t* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint32_t load_u32le(const uint8_t* in) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}

uint64_t load_u64le(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}

DocKey doc_key(BucketId bucket, const Gid& gid) {
  DocKey key;
  store_u64be(bucket.raw(), key.data());
  std::memcpy(key.data() + 8, gid.bytes.data(), gid.bytes.size());
  return key;
}

BucketKey bucket_key(BucketId bucket) {
  BucketKey key;
  store_u64be(bucket.raw(), key.data());
  return key;
}

BucketId key_bucket(std::span<const uint8_t> key) {
  GROVE_ASSERT(key.size() >= kBucketKeySize);
  return BucketId(load_u64be(key.data()));
}

Gid key_gid(std::span<const uint8_t> doc_key) {
  GROVE_ASSERT(doc_key.size() == kDocKeySize);
  Gid gid;
  std::memcpy(gid.bytes.data(), doc_key.data() + 8, gid.bytes.size());
  return gid;
}

void encode_doc_header(uint64_t timestamp, uint8_t flags, uint8_t* out) {
  store_u64le(timestamp, out);
  out[8] = flags;
}

Result<DocValue> decode_doc_value(std::span<const uint8_t> value) {
  if (value.size() < kDocHeaderSize) {
    return Status::Corruption(fmt::format("document value of {} bytes is shorter than its header",
                                          value.size()));
  }
  DocValue v;
  v.timestamp = load_u64le(value.data());
  v.flags = value[8];
  v.body = value.subspan(kDocHeaderSize);
  if ((v.flags & ~kKnownDocFlags) != 0 || (v.tombstone() && !v.body.empty())) {
    return Status::Corruption(fmt::format("document value has flags 0x{:02x} and a body of {} "
                                          "bytes",
                                          v.flags, v.body.size()));
  }
  if (!v.compressed()) {
    v.payload_size = v.body.size();
    return v;
  }
  if (v.body.size() < kZstdLengthSize) {
    return Status::Corruption("compressed document value has no length");
  }
  v.payload_size = load_u32le(v.body.data());
  v.body = v.body.subspan(kZstdLengthSize);
  return v;
}

std::array<uint8_t, kBucketValueSize> encode_bucket_info(const BucketInfo& info) {
  std::array<uint8_t, kBucketValueSize> out;
  store_u64le(info.doc_count, out.data());
  store_u64le(info.tombstone_count, out.data() + 8);
  store_u64le(info.checksum, out.data() + 16);
  store_u64le(info.total_bytes, out.data() + 24);
  out[32] = static_cast<uint8_t>((info.ready ? kReadyFlag : 0) | (info.active ? kActiveFlag : 0));
  return out;
}

Result<BucketInfo> decode_bucket_info(std::span<const uint8_t> value) {
  if (value.size() != kBucketValueSize || (value[32] & ~(kReadyFlag | kActiveFlag)) != 0) {
    return Status::Corruption(fmt::format("bucket info value of {} bytes (expected {})",
                                          value.size(), kBucketValueSize));
  }
  BucketInfo info;
  info.doc_count = load_u64le(value.data());
  info.tombstone_count = load_u64le(value.data() + 8);
  info.checksum = load_u64le(value.data() + 16);
  info.total_bytes = load_u64le(value.data() + 24);
  info.ready = (value[32] & kReadyFlag) != 0;
  info.active = (value[32] & kActiveFlag) != 0;
  return info;
}

}  // namespace grove::store::format
