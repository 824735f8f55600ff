#pragma once

// The bucket concern of the content protocol (docs/protocol.md): what a node stores, per bucket.
// Bucket maintenance (merge, activation, delete) adds its calls here.
//
// Plain value types; see search_messages.h.

#include <cstdint>
#include <vector>

namespace grove::protocol {

struct BucketInfo {
  uint64_t bucket = 0;
  int32_t document_count = 0;
  int64_t checksum = 0;  // over (gid, timestamp) of the bucket's entries
  bool ready = false;
  bool active = false;
  bool operator==(const BucketInfo&) const = default;
};

struct ListBucketsRequest {
  bool operator==(const ListBucketsRequest&) const = default;
};

struct ListBucketsReply {
  std::vector<BucketInfo> buckets;
  bool operator==(const ListBucketsReply&) const = default;
};

}  // namespace grove::protocol
