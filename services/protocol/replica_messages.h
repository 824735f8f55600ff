#pragma once

// The replica-write concern of the content protocol (docs/protocol.md): a distributor sends the
// writes it has timestamped to each replica of their buckets, many in one call: one group commit
// and one indexing task on the replica.
//
// Plain value types; see search_messages.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/base/status.h"

namespace grove::protocol {

// A put (document set) or a remove, with the distributor's timestamp.
struct ReplicaWrite {
  std::string document_id;
  int64_t timestamp = 0;  // µs, positive
  bool remove = false;
  std::string document;  // put: services/document binary serialization
  // The distributor knows no replica of the write's bucket: a node that creates the bucket
  // takes its ideal role (ready, and active when it is the bucket's active replica in its
  // group). Otherwise a bucket created by a write is ready or not by the ideal state, but not
  // active until bucket maintenance activates it.
  bool new_bucket = false;
  bool operator==(const ReplicaWrite&) const = default;
};

struct WriteBatchRequest {
  std::vector<ReplicaWrite> writes;
  bool operator==(const WriteBatchRequest&) const = default;
};

struct ReplicaWriteResult {
  bool applied = false;             // false: a newer entry was already stored
  std::optional<StatusCode> error;  // this write failed; nothing of it was stored
  std::string message;              // with error
  bool operator==(const ReplicaWriteResult&) const = default;
};

struct WriteBatchReply {
  std::vector<ReplicaWriteResult> results;  // one per write, in order, each durable
  bool operator==(const WriteBatchReply&) const = default;
};

}  // namespace grove::protocol
