#pragma once

// The byte layout of LmdbDocumentStore's keys and values (the grammar is in docs/format.md).
// Keys are big-endian so that LMDB's byte order is (bucket, gid) order and one bucket is one key
// range; values are little-endian.
//
//   docs     key   = bucket:u64be gid:12 bytes
//            value = timestamp:u64le flags:u8 body
//   buckets  key   = bucket:u64be
//            value = doc_count:u64le tombstone_count:u64le checksum:u64le total_bytes:u64le flags:u8
//   meta     key   = "format_version" -> u32le | "config_generation" -> u64le
//
// Pure functions over byte spans; thread-safe.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "content/store/store_types.h"
#include "services/base/result.h"

namespace grove::store::format {

// The format this build writes. Opening a store with a newer version is refused.
inline constexpr uint32_t kFormatVersion = 1;

inline constexpr std::string_view kDocsDb = "docs";
inline constexpr std::string_view kBucketsDb = "buckets";
inline constexpr std::string_view kMetaDb = "meta";
inline constexpr std::string_view kFormatVersionKey = "format_version";
inline constexpr std::string_view kConfigGenerationKey = "config_generation";

// docs value flags.
inline constexpr uint8_t kTombstoneFlag = 0x01;
inline constexpr uint8_t kZstdFlag = 0x02;  // body = uncompressed_size:u32le zstd frame
inline constexpr uint8_t kKnownDocFlags = kTombstoneFlag | kZstdFlag;
// buckets value flags.
inline constexpr uint8_t kReadyFlag = 0x01;
inline constexpr uint8_t kActiveFlag = 0x02;

inline constexpr size_t kDocKeySize = 20;
inline constexpr size_t kBucketKeySize = 8;
inline constexpr size_t kDocHeaderSize = 9;       // timestamp + flags
inline constexpr size_t kZstdLengthSize = 4;      // uncompressed size before a zstd frame
inline constexpr size_t kBucketValueSize = 33;

using DocKey = std::array<uint8_t, kDocKeySize>;
using BucketKey = std::array<uint8_t, kBucketKeySize>;

DocKey doc_key(BucketId bucket, const Gid& gid);
BucketKey bucket_key(BucketId bucket);
BucketId key_bucket(std::span<const uint8_t> key);  // of a doc or bucket key
Gid key_gid(std::span<const uint8_t> doc_key);      // of a doc key

// A decoded docs value; `body` points into the value.
struct DocValue {
  uint64_t timestamp = 0;
  uint8_t flags = 0;
  uint64_t payload_size = 0;        // uncompressed
  std::span<const uint8_t> body;    // raw payload, or the zstd frame (length prefix skipped)

  bool tombstone() const { return (flags & kTombstoneFlag) != 0; }
  bool compressed() const { return (flags & kZstdFlag) != 0; }
};

// Corruption when the value is too short, has unknown flags, or a tombstone has a body.
Result<DocValue> decode_doc_value(std::span<const uint8_t> value);
// Writes timestamp and flags into the first kDocHeaderSize bytes of `out`.
void encode_doc_header(uint64_t timestamp, uint8_t flags, uint8_t* out);

std::array<uint8_t, kBucketValueSize> encode_bucket_info(const BucketInfo& info);
Result<BucketInfo> decode_bucket_info(std::span<const uint8_t> value);

void store_u32le(uint32_t v, uint8_t* out);
void store_u64le(uint64_t v, uint8_t* out);
uint32_t load_u32le(const uint8_t* in);
uint64_t load_u64le(const uint8_t* in);

}  // namespace grove::store::format
