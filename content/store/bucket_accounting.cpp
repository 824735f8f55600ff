#include "content/store/bucket_accounting.h"

#include <xxhash.h>

#include <cstring>

#include "services/base/assert.h"

namespace grove::store {

uint64_t entry_checksum(const Gid& gid, uint64_t timestamp) {
  uint8_t bytes[20];
  std::memcpy(bytes, gid.bytes.data(), 12);
  for (int i = 0; i < 8; ++i) bytes[12 + i] = static_cast<uint8_t>(timestamp >> (8 * i));
  return XXH64(bytes, sizeof bytes, 0);
}

void account_add(BucketInfo& info, const Gid& gid, const EntryFacts& entry) {
  info.checksum ^= entry_checksum(gid, entry.timestamp);
  if (entry.tombstone) {
    ++info.tombstone_count;
    return;
  }
  ++info.doc_count;
  info.total_bytes += entry.payload_bytes;
}

void account_remove(BucketInfo& info, const Gid& gid, const EntryFacts& entry) {
  info.checksum ^= entry_checksum(gid, entry.timestamp);
  if (entry.tombstone) {
    GROVE_ASSERT(info.tombstone_count > 0);
    --info.tombstone_count;
    return;
  }
  GROVE_ASSERT(info.doc_count > 0 && info.total_bytes >= entry.payload_bytes);
  --info.doc_count;
  info.total_bytes -= entry.payload_bytes;
}

}  // namespace grove::store
