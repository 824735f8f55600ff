#pragma once

// ReplicaBatchWriter: the distributor's fan-out of writes (DESIGN §5), a single operation's
// (a batch of one) or a feed_batch's. Each write
// goes to every ideal replica of its bucket and every other node that holds it
// (PlannedWrite::extra); the writes are grouped by replica node and each
// node gets one batch: the local node through ContentNode::write_batch (one group commit, one
// indexing task) on the calling thread, the others through ReplicaPeers::write_batch, all in
// parallel. Then it waits for every node until the deadline (+1 s of slack for the transport's
// own timers).
//
// Per write, in order: OK only when every replica it went to made it durable; otherwise the
// first failed replica in the placement's order decides, named ("replica 2 (127.0.0.1:19102):
// ..."). A node that fails its whole batch, or does not answer in time, fails exactly the writes
// it carried.
//
// Usage:
//   std::vector<PlannedWrite> writes = ...;   // placement + ReplicaWrite, in execution order
//   std::vector<Status> statuses = batch_writer.write(writes, deadline);
//
// Borrows the node and the peers (nullptr when no replica is remote), which must outlive it.
// Thread-safe: any number of batches at once, each waiting on its own calling thread.

#include <string>
#include <vector>

#include "content/distributor/replica_peers.h"
#include "content/node/content_node.h"
#include "content/node/replica_write.h"
#include "services/distribution/placement_table.h"

namespace grove::content {

struct PlannedWrite {
  const distribution::BucketPlacement* placement = nullptr;  // borrowed from the table in use
  // Nodes that hold the bucket without being ideal replicas (bucket maintenance has not moved
  // it yet): they get the write too, after the ideal ones in the failure order.
  std::vector<uint16_t> extra;
  distribution::BucketId bucket;  // the write's storage bucket
  ReplicaWrite write;
};

class ReplicaBatchWriter {
 public:
  ReplicaBatchWriter(ContentNode& node, ReplicaPeers* peers) : node_(node), peers_(peers) {}

  // One Status per write of `writes` (not empty), in order. The writes' documents are consumed.
  std::vector<Status> write(std::vector<PlannedWrite>& writes, const Deadline& deadline);

 private:
  struct NodeBatch;
  static std::vector<NodeBatch> group_by_node(std::vector<PlannedWrite>& writes);
  ReplicaPeers::BatchResults write_local(NodeBatch& batch, const Deadline& deadline);

  ContentNode& node_;
  ReplicaPeers* peers_;
};

}  // namespace grove::content
