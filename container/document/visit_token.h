#pragma once

// VisitPosition: where a visit of a content cluster stands, and its opaque continuation token.
//
// A visit walks the cluster's content nodes in distribution-key order; each node returns the
// documents of the buckets it is first ideal replica of, in (bucket, gid) order, so the position
// is (node position in that order, last bucket, last gid). The token is base64url (no padding)
// of 23 bytes:
//
//   version:u8 = 1   node:u16le   after_bucket:u64le   after_gid:12 bytes (zeros: from the start)
//
// Usage:
//   std::string token = encode_continuation({2, bucket, gid});
//   Result<VisitPosition> p = decode_continuation(token);   // InvalidArgument on junk
//
// Plain value type and pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::container {

struct VisitPosition {
  uint16_t node = 0;         // position in the cluster's nodes, by distribution key
  int64_t after_bucket = 0;  // 0: from the node's first bucket
  std::string after_gid;     // empty, or the 12 GID bytes of the last document returned

  friend bool operator==(const VisitPosition&, const VisitPosition&) = default;
};

std::string encode_continuation(const VisitPosition& position);

// InvalidArgument ("malformed continuation token ...") for anything encode_continuation() could
// not have produced. An all-zero GID decodes as empty.
Result<VisitPosition> decode_continuation(std::string_view token);

}  // namespace grove::container
