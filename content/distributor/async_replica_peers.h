#pragma once

// AsyncReplicaPeers: ReplicaPeers over the content protocol: one protocol::ContentService per
// peer. Between processes that is a services/rpc ThriftContentClient (a pool of connections
// each, one call per connection), run by a small I/O thread pool that this object owns; in an
// in-process cluster (content/rpc/local_cluster.h) it is the peer's LocalContentService. A
// worker that fans a write out therefore waits for all replicas at once, not one after the
// other.
//
// Lifecycle: the constructor starts the I/O threads; stop() (also run by the destructor) ends
// every call still outstanding with Unavailable and joins them. Owned by the Distributor.
// Thread-safe.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "content/distributor/replica_peers.h"
#include "content/node/node_options.h"
#include "services/protocol/content_service.h"

namespace grove::content {

class AsyncReplicaPeers final : public ReplicaPeers {
 public:
  // Makes the service of peer `key`; `io` is this object's, for clients that need one.
  using Connect =
      std::function<std::unique_ptr<protocol::ContentService>(boost::asio::io_context& io, uint16_t key)>;

  // A Thrift client for every node of `nodes` except `self`.
  AsyncReplicaPeers(const std::map<uint16_t, NodeEndpoint>& nodes, uint16_t self,
                    size_t io_threads = 1);
  // A service from `connect` for every key of `peers`.
  AsyncReplicaPeers(const std::vector<uint16_t>& peers, const Connect& connect, size_t io_threads = 1);
  ~AsyncReplicaPeers() override;
  AsyncReplicaPeers(const AsyncReplicaPeers&) = delete;
  AsyncReplicaPeers& operator=(const AsyncReplicaPeers&) = delete;

  void get(uint16_t node, const std::string& id, Deadline deadline, GetDone done) override;
  // One write_batch call, with copies of the writes.
  void write_batch(uint16_t node, std::span<ReplicaWrite* const> writes, Deadline deadline,
                   BatchDone done) override;
  std::string endpoint(uint16_t node) const override;
  protocol::ContentService* service(uint16_t node) const override { return client(node); }
  std::vector<uint16_t> nodes() const override;

  // Idempotent; see Lifecycle.
  void stop() override;
  // A Thrift client for every node of `nodes` not known yet (except `self`).
  Status add_peers(const std::map<uint16_t, NodeEndpoint>& nodes, uint16_t self) override;

 private:
  explicit AsyncReplicaPeers(size_t io_threads);
  protocol::ContentService* client(uint16_t node) const;

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  // Clients are added (add_peers) but never removed before stop(), so a pointer from client()
  // stays valid.
  mutable std::mutex clients_mutex_;
  std::map<uint16_t, std::unique_ptr<protocol::ContentService>> clients_;  // guarded by clients_mutex_
  bool stopped_ = false;                                                      // guarded by clients_mutex_
  std::vector<std::thread> threads_;
};

}  // namespace grove::content
