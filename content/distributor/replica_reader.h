#pragma once

// ReplicaReader: how the distributor reads the current version of a document (for a condition
// or an update, DESIGN §5): from the local replica when this node is one, else from the first
// ideal replica, through ReplicaPeers. Writes go through ReplicaBatchWriter.
//
// A failure names the replica ("get from replica 2 (127.0.0.1:19102): ..."): its own code,
// Unavailable when it cannot be reached, or DeadlineExceeded.
//
// Borrows the node and the peers (nullptr when no replica is remote), which must outlive it.
// Thread-safe: any number of reads at once, each waiting on its own calling thread.

#include <optional>
#include <string>

#include "content/distributor/replica_peers.h"
#include "content/node/content_node.h"
#include "services/distribution/placement_table.h"

namespace grove::content {

class ReplicaReader {
 public:
  ReplicaReader(ContentNode& node, ReplicaPeers* peers) : node_(node), peers_(peers) {}

  // The current document; nullopt when it is not stored or removed.
  Result<std::optional<document::Document>> read(const distribution::BucketPlacement& placement,
                                                 const distribution::DocumentId& id,
                                                 const document::DocumentType& type,
                                                 const Deadline& deadline);

 private:
  Result<RemoteDocument> remote_get(uint16_t node, const std::string& id, const Deadline& deadline);

  ContentNode& node_;
  ReplicaPeers* peers_;
};

}  // namespace grove::content
