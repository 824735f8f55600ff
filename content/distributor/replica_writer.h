#pragma once

// ReplicaWriter: the distributor's access to the replicas of one bucket (DESIGN §5):
//  - put()/remove() send one write, with the distributor's timestamp, to every ideal replica in
//    parallel: the local one through the ContentNode (on the calling thread), the others through
//    ReplicaPeers; then wait until every one has made it durable;
//  - read() fetches the current version of a document: from the local replica when this node is
//    one, else from the first ideal replica.
//
// A write is OK only when every replica acknowledged it. Otherwise it is the first failure, with
// a message naming the replica ("replica 2 (127.0.0.1:19102): ..."): the replica's own code
// (InvalidArgument, ResourceExhausted, ...), Unavailable when it cannot be reached, or
// DeadlineExceeded. Never OK for a partial write.
//
// Borrows the node and the peers (nullptr when no replica is remote), which must outlive it.
// Thread-safe: any number of writes at once, each waiting on its own calling thread.

#include <optional>
#include <string>

#include "content/distributor/replica_peers.h"
#include "content/node/content_node.h"
#include "services/distribution/placement_table.h"

namespace grove::content {

class ReplicaWriter {
 public:
  ReplicaWriter(ContentNode& node, ReplicaPeers* peers) : node_(node), peers_(peers) {}

  Status put(const distribution::BucketPlacement& placement, const distribution::DocumentId& id,
             uint64_t timestamp, std::string document, const Deadline& deadline);
  Status remove(const distribution::BucketPlacement& placement, const distribution::DocumentId& id,
                uint64_t timestamp, const Deadline& deadline);

  // The current document; nullopt when it is not stored or removed.
  Result<std::optional<document::Document>> read(const distribution::BucketPlacement& placement,
                                                 const distribution::DocumentId& id,
                                                 const document::DocumentType& type,
                                                 const Deadline& deadline);

 private:
  template <typename SendRemote, typename WriteLocal>
  Status fan_out(const distribution::BucketPlacement& placement, const Deadline& deadline,
                 SendRemote send_remote, WriteLocal write_local);
  Result<RemoteDocument> remote_get(uint16_t node, const std::string& id, const Deadline& deadline);
  std::string replica_name(uint16_t node) const;

  ContentNode& node_;
  ReplicaPeers* peers_;
};

}  // namespace grove::content
