#pragma once

// The rules every DocumentStore implementation shares, kept in one place so that the LMDB store
// and its in-memory twin cannot drift apart:
//   - last writer wins: an incoming operation replaces the stored entry only when its timestamp
//     is strictly newer (equal timestamps keep what is stored, so a retry is idempotent);
//   - how an entry counts in its bucket's BucketInfo (count, tombstones, checksum, bytes).
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>

#include "content/store/store_types.h"

namespace grove::store {

// The part of a stored entry that bucket accounting needs.
struct EntryFacts {
  uint64_t timestamp = 0;
  bool tombstone = false;
  uint64_t payload_bytes = 0;  // uncompressed; 0 for a tombstone
};

// True when an operation stamped `incoming` must replace the stored entry (none: always).
inline bool incoming_wins(const std::optional<uint64_t>& stored_timestamp, uint64_t incoming) {
  return !stored_timestamp.has_value() || incoming > *stored_timestamp;
}

// XXH64 over the 12 GID bytes followed by the timestamp as 8 bytes little-endian, seed 0.
uint64_t entry_checksum(const Gid& gid, uint64_t timestamp);

// Adds `entry` of `gid` to `info`.
void account_add(BucketInfo& info, const Gid& gid, const EntryFacts& entry);

// Takes `entry` of `gid` out of `info` (the entry must have been added before).
void account_remove(BucketInfo& info, const Gid& gid, const EntryFacts& entry);

}  // namespace grove::store
