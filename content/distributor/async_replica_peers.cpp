#include "content/distributor/async_replica_peers.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>

#include "services/base/thread_name.h"
#include "services/rpc/thrift_content_client.h"

namespace grove::content {

AsyncReplicaPeers::AsyncReplicaPeers(size_t io_threads) : work_(boost::asio::make_work_guard(io_)) {
  for (size_t i = 0; i < std::max<size_t>(io_threads, 1); ++i) {
    threads_.emplace_back([this] {
      set_thread_name("grove-peers");
      io_.run();
    });
  }
}

AsyncReplicaPeers::AsyncReplicaPeers(const std::map<uint16_t, NodeEndpoint>& nodes, uint16_t self,
                                     size_t io_threads)
    : AsyncReplicaPeers(io_threads) {
  for (const auto& [key, endpoint] : nodes) {
    if (key == self) continue;
    clients_.emplace(key, std::make_unique<rpc::ThriftContentClient>(io_, endpoint.host, endpoint.port));
  }
}

AsyncReplicaPeers::AsyncReplicaPeers(const std::vector<uint16_t>& peers, const Connect& connect,
                                     size_t io_threads)
    : AsyncReplicaPeers(io_threads) {
  for (uint16_t key : peers) clients_.emplace(key, connect(io_, key));
}

AsyncReplicaPeers::~AsyncReplicaPeers() { stop(); }

Status AsyncReplicaPeers::add_peers(const std::map<uint16_t, NodeEndpoint>& nodes, uint16_t self) {
  std::lock_guard lock(clients_mutex_);
  if (stopped_) return Status::Unavailable("the replica peers are stopped");
  for (const auto& [key, endpoint] : nodes) {
    if (key == self || clients_.contains(key)) continue;
    clients_.emplace(key, std::make_unique<rpc::ThriftContentClient>(io_, endpoint.host, endpoint.port));
  }
  return Status::Ok();
}

void AsyncReplicaPeers::stop() {
  if (threads_.empty()) return;
  {
    std::lock_guard lock(clients_mutex_);
    stopped_ = true;
    for (auto& [key, client] : clients_) client->shutdown();
  }
  work_.reset();  // run() returns once the shutdowns and their callbacks have run
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

protocol::ContentService* AsyncReplicaPeers::client(uint16_t node) const {
  std::lock_guard lock(clients_mutex_);
  auto it = clients_.find(node);
  return it == clients_.end() ? nullptr : it->second.get();
}

std::vector<uint16_t> AsyncReplicaPeers::nodes() const {
  std::lock_guard lock(clients_mutex_);
  std::vector<uint16_t> keys;
  for (const auto& [key, c] : clients_) keys.push_back(key);
  return keys;
}

std::string AsyncReplicaPeers::endpoint(uint16_t node) const {
  const protocol::ContentService* c = client(node);
  return c != nullptr ? c->endpoint() : fmt::format("node {} (no endpoint)", node);
}

namespace {

// A call to a node without a client fails on an I/O thread, as the contract says.
template <typename Callback, typename Value>
void fail_later(boost::asio::io_context& io, Callback done, Value value) {
  boost::asio::post(io, [done = std::move(done), value = std::move(value)]() mutable {
    done(std::move(value));
  });
}

Status no_client(uint16_t node) {
  return Status::Unavailable(fmt::format("content node {} is not in --nodes", node));
}

}  // namespace

void AsyncReplicaPeers::get(uint16_t node, const std::string& id, Deadline deadline, GetDone done) {
  protocol::ContentService* c = client(node);
  if (c == nullptr) return fail_later(io_, std::move(done), Result<RemoteDocument>(no_client(node)));
  c->get({id}, deadline, [done = std::move(done)](Result<protocol::GetReply> reply) {
    if (!reply.ok()) return done(reply.status());
    done(RemoteDocument{reply->found, reply->removed, static_cast<uint64_t>(reply->timestamp),
                        std::move(reply->fields_json)});
  });
}

namespace {

ReplicaPeers::BatchResults results_of(std::vector<protocol::ReplicaWriteResult>& reply) {
  ReplicaPeers::BatchResults results;
  results.reserve(reply.size());
  for (protocol::ReplicaWriteResult& r : reply) {
    if (r.error) {
      results.emplace_back(Status(*r.error, std::move(r.message)));
    } else {
      results.emplace_back(r.applied);
    }
  }
  return results;
}

}  // namespace

void AsyncReplicaPeers::write_batch(uint16_t node, std::span<ReplicaWrite* const> writes,
                                    Deadline deadline, BatchDone done) {
  protocol::ContentService* c = client(node);
  if (c == nullptr) return fail_later(io_, std::move(done), Result<BatchResults>(no_client(node)));
  // The writes stay the distributor's (other replicas and the local write need them), so the
  // request gets copies.
  protocol::WriteBatchRequest request;
  request.writes.reserve(writes.size());
  for (const ReplicaWrite* w : writes) {
    request.writes.push_back(
        {w->document_id, static_cast<int64_t>(w->timestamp), w->remove, w->document, w->new_bucket});
  }
  const size_t expected = writes.size();
  c->write_batch(std::move(request), deadline,
                 [done = std::move(done), expected](Result<protocol::WriteBatchReply> reply) {
                   if (!reply.ok()) return done(reply.status());
                   if (reply->results.size() != expected) {
                     return done(Status::Internal(fmt::format(
                         "write_batch: {} results for {} writes", reply->results.size(), expected)));
                   }
                   done(results_of(reply->results));
                 });
}

}  // namespace grove::content
