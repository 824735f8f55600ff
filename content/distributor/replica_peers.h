#pragma once

// ReplicaPeers: how a distributor reaches the other content nodes of its cluster: a batch of puts
// and removes on a replica in one call (write_batch, with the distributor's timestamps), and the
// get of the current version from a replica. AsyncReplicaPeers is the real one (Thrift, on Asio); tests
// use in-memory twins.
//
// Every call returns at once and runs its callback exactly once, on a thread of the transport
// (never inside the call), by the deadline. Callbacks must be short and must not block.
//
// Thread-safe: calls from any thread.

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "content/node/node_options.h"
#include "content/node/replica_write.h"
#include "services/protocol/content_service.h"

#include "services/base/deadline.h"
#include "services/base/result.h"

namespace grove::content {

// A replica's answer to get: found (maybe as a tombstone) with its fields as JSON.
struct RemoteDocument {
  bool found = false;
  bool removed = false;
  uint64_t timestamp = 0;
  std::string fields_json;
};

class ReplicaPeers {
 public:
  using GetDone = std::function<void(Result<RemoteDocument>)>;
  // Per write of a batch, in order: applied (true), not applied because a newer version is
  // stored (false), or why it failed. A failure Status instead fails every write of the batch.
  using BatchResults = std::vector<Result<bool>>;
  using BatchDone = std::function<void(Result<BatchResults>)>;

  virtual ~ReplicaPeers() = default;

  virtual void get(uint16_t node, const std::string& id, Deadline deadline, GetDone done) = 0;
  // Stores every write of `writes` (not empty, in order) on `node` in one call: the puts (their
  // services/document binary form) and removes with the distributor's timestamps. The writes are
  // borrowed for the call (their documents may be swapped out and back) and unchanged when it
  // returns.
  virtual void write_batch(uint16_t node, std::span<ReplicaWrite* const> writes, Deadline deadline,
                           BatchDone done) = 0;
  // "host:port" of `node`, or "node N (unknown)", for messages.
  virtual std::string endpoint(uint16_t node) const = 0;
  // The content service of peer `node` (bucket maintenance talks to peers through it), or
  // nullptr; valid until stop(). And every peer known, ascending.
  virtual protocol::ContentService* service(uint16_t node) const {
    (void)node;
    return nullptr;
  }
  virtual std::vector<uint16_t> nodes() const { return {}; }
  // Ends the calls still outstanding (their callbacks run with Unavailable) and refuses later
  // ones the same way. Idempotent.
  virtual void stop() {}
  // Learns the endpoints of nodes a new config generation added (`nodes` is every node of the
  // cluster; known ones and `self` are left as they are). InvalidArgument for a peer set that
  // cannot grow.
  virtual Status add_peers(const std::map<uint16_t, NodeEndpoint>& nodes, uint16_t self) {
    (void)nodes;
    (void)self;
    return Status::InvalidArgument("this node's replica peers are fixed");
  }
};

// "replica N (host:port)", or "replica N (this node)" when N is `self`: how messages name a
// replica.
std::string replica_name(uint16_t node, uint16_t self, const ReplicaPeers* peers);

// How long a distributor waits for a peer's callback: `deadline` plus a second of slack (the
// transport ends every call by its deadline, so this is only a safety margin); no limit for a
// deadline that never comes.
SteadyTime callback_wait_limit(const Deadline& deadline);

}  // namespace grove::content
