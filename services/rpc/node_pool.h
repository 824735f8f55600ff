#pragma once

// NodePool: the connections to one content node (host, port) and the calls waiting for them.
//
// A connection carries one call at a time (see RpcConnection), so the pool reuses idle
// connections, opens new ones on demand up to max_connections, and queues the calls beyond that
// (at most max_queued_calls more than the connections being opened; further calls fail at once
// with ResourceExhausted). Every call has a deadline timer that covers the queue and the wire:
// when it fires first the call ends with DeadlineExceeded, and a connection carrying it is closed
// and discarded, since a late reply would desynchronize it.
//
// Health: a failed connect, a connection lost mid-call or while idle, or a malformed reply marks
// the node down (healthy() == false; calls still try it). A connect failure also fails every
// waiting call with Unavailable: the node cannot take them. Any well-formed reply (including a
// GroveError) marks the node up again. on_health_change reports each change.
//
// Usage:
//   auto pool = std::make_shared<NodePool>(io, "127.0.0.1", 19100, NodePoolOptions{});
//   pool->submit(call);   // an RpcCall; its callback runs exactly once
//   pool->shutdown();     // outstanding calls end with Unavailable("... shutting down")
//
// Ownership: shared_ptr, owned by AsyncContentClient and by the handlers posted by submit(),
// reject() and shutdown() until they have run. Connection and timer handlers hold a weak_ptr, so
// that nothing the pool owns keeps it alive (no cycles). Thread-safe: submit(), reject(),
// shutdown() and the accessors may be called from any thread. Everything else runs on the pool's
// strand, and so do the calls' callbacks and on_health_change; they must not block.

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "services/base/clock.h"
#include "services/base/status.h"
#include "services/rpc/rpc_call.h"
#include "services/rpc/rpc_connection.h"

namespace grove::rpc {

struct NodePoolOptions {
  // Open connections to the node (connecting, idle and busy together).
  size_t max_connections = 64;
  // Calls that may wait for a connection, beyond those a connection is being opened for.
  size_t max_queued_calls = 1024;
  Duration connect_timeout = std::chrono::seconds(1);
  // Longest reply frame accepted; Thrift's own limit on a message is 100 MiB.
  uint32_t max_frame_bytes = 100 << 20;
  // Called on the pool's strand whenever healthy() changes, with the new value.
  std::function<void(bool healthy)> on_health_change;
};

class NodePool : public std::enable_shared_from_this<NodePool> {
 public:
  NodePool(boost::asio::io_context& io, std::string host, uint16_t port, NodePoolOptions options);
  ~NodePool();

  // Sends `call` when a connection is free; its callback runs exactly once, on the strand, never
  // inside submit().
  void submit(std::shared_ptr<RpcCall> call);
  // Ends `call` with `status` (not OK) on the strand, without sending it.
  void reject(std::shared_ptr<RpcCall> call, Status status);
  // Closes every connection and ends every outstanding call with Unavailable; later calls get
  // the same. Asynchronous: returns at once, the work runs on the strand.
  void shutdown();

  bool healthy() const { return healthy_.load(std::memory_order_relaxed); }
  size_t open_connections() const { return open_connections_.load(std::memory_order_relaxed); }
  const std::string& endpoint() const { return endpoint_; }

 private:
  using ConnectionPtr = std::shared_ptr<RpcConnection>;
  using CallPtr = std::shared_ptr<RpcCall>;

  void admit(CallPtr call);
  bool has_room() const;
  void pump();
  CallPtr next_waiting();
  void open_connection();
  void on_connected(const ConnectionPtr& connection, Status status);
  void start(const ConnectionPtr& connection, CallPtr call);
  void on_reply(const ConnectionPtr& connection, const CallPtr& call, Result<std::string_view> reply);
  void release(const ConnectionPtr& connection);
  void on_idle_lost(const ConnectionPtr& connection, const Status& why);
  void arm_deadline(const CallPtr& call);
  void on_deadline(const CallPtr& call);
  void complete(const CallPtr& call, Status status);
  void set_healthy(bool healthy, const Status& why);
  void close_all();
  size_t open() const { return connecting_.size() + idle_.size() + in_flight_.size(); }

  RpcConnection::Strand strand_;
  const std::string host_;
  const uint16_t port_;
  const std::string endpoint_;  // "host:port", for messages
  const NodePoolOptions options_;

  // Strand-confined state.
  // Invariant: open() <= options_.max_connections.
  std::unordered_set<ConnectionPtr> connecting_;
  // Invariant: while idle_ is not empty, waiting_ is empty (a free connection takes a call).
  std::vector<ConnectionPtr> idle_;
  std::unordered_map<RpcConnection*, CallPtr> in_flight_;  // the call each busy connection carries
  std::deque<CallPtr> waiting_;                            // oldest first
  bool shut_down_ = false;

  std::atomic<bool> healthy_{true};  // until a failure says otherwise
  std::atomic<size_t> open_connections_{0};
};

}  // namespace grove::rpc
