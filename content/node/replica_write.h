#pragma once

// ReplicaWrite: one write on one replica with the distributor's timestamp (DESIGN §5): the put
// of a document (its services/document binary form) or a remove (a tombstone). A batch of them
// is what a distributor sends to each replica node (`write_batch` in content.thrift) and what
// ContentNode::write_batch stores in one group commit and indexes in one writer task.
//
// A plain value; the batch that holds it owns it.

#include <cstdint>
#include <string>

namespace grove::content {

struct ReplicaWrite {
  std::string document_id;
  uint64_t timestamp = 0;  // µs, from the distributor's HybridClock; never 0
  bool remove = false;
  std::string document;  // a put's binary document; empty for a remove
  // No replica of the bucket is known to the distributor (protocol::ReplicaWrite::new_bucket).
  bool new_bucket = false;
};

}  // namespace grove::content
