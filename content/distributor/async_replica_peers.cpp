#include "content/distributor/async_replica_peers.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>

#include "services/idl/wire_status.h"
#include "services/base/thread_name.h"

namespace grove::content {

AsyncReplicaPeers::AsyncReplicaPeers(const std::map<uint16_t, NodeEndpoint>& nodes, uint16_t self,
                                     size_t io_threads)
    : work_(boost::asio::make_work_guard(io_)) {
  for (const auto& [key, endpoint] : nodes) {
    if (key == self) continue;
    clients_.emplace(key, std::make_unique<rpc::AsyncContentClient>(io_, endpoint.host, endpoint.port));
  }
  for (size_t i = 0; i < std::max<size_t>(io_threads, 1); ++i) {
    threads_.emplace_back([this] {
      set_thread_name("grove-peers");
      io_.run();
    });
  }
}

AsyncReplicaPeers::~AsyncReplicaPeers() { stop(); }

void AsyncReplicaPeers::stop() {
  if (threads_.empty()) return;
  for (auto& [key, client] : clients_) client->shutdown();
  work_.reset();  // run() returns once the shutdowns and their callbacks have run
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

rpc::AsyncContentClient* AsyncReplicaPeers::client(uint16_t node) const {
  auto it = clients_.find(node);
  return it == clients_.end() ? nullptr : it->second.get();
}

std::string AsyncReplicaPeers::endpoint(uint16_t node) const {
  const rpc::AsyncContentClient* c = client(node);
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
  rpc::AsyncContentClient* c = client(node);
  if (c == nullptr) return fail_later(io_, std::move(done), Result<RemoteDocument>(no_client(node)));
  wire::GetRequest request;
  request.document_id = id;
  c->get(request, deadline, [done = std::move(done)](Result<wire::GetReply> reply) {
    if (!reply.ok()) return done(reply.status());
    done(RemoteDocument{reply->found, reply->removed, static_cast<uint64_t>(reply->timestamp),
                        std::move(reply->fields_json)});
  });
}

namespace {

ReplicaPeers::BatchResults results_from_wire(std::vector<wire::ReplicaWriteResult>& reply) {
  ReplicaPeers::BatchResults results;
  results.reserve(reply.size());
  for (wire::ReplicaWriteResult& r : reply) {
    if (r.__isset.error) {
      results.emplace_back(status_from_wire(r.error, r.message));
    } else {
      results.emplace_back(r.applied);
    }
  }
  return results;
}

}  // namespace

void AsyncReplicaPeers::write_batch(uint16_t node, std::span<ReplicaWrite* const> writes,
                                    Deadline deadline, BatchDone done) {
  rpc::AsyncContentClient* c = client(node);
  if (c == nullptr) return fail_later(io_, std::move(done), Result<BatchResults>(no_client(node)));
  thread_local std::vector<wire::ReplicaWrite> request;  // reused by this worker thread
  request.resize(writes.size());
  for (size_t i = 0; i < writes.size(); ++i) {
    request[i].document_id.swap(writes[i]->document_id);
    request[i].timestamp = static_cast<int64_t>(writes[i]->timestamp);
    request[i].remove = writes[i]->remove;
    request[i].document.swap(writes[i]->document);
  }
  const size_t expected = writes.size();
  c->write_batch(request, deadline,
                 [done = std::move(done), expected](Result<std::vector<wire::ReplicaWriteResult>> reply) {
                   if (!reply.ok()) return done(reply.status());
                   if (reply->size() != expected) {
                     return done(Status::Internal(fmt::format(
                         "write_batch: {} results for {} writes", reply->size(), expected)));
                   }
                   done(results_from_wire(*reply));
                 });
  for (size_t i = 0; i < writes.size(); ++i) {  // encoded: hand everything back
    request[i].document_id.swap(writes[i]->document_id);
    request[i].document.swap(writes[i]->document);
  }
}

}  // namespace grove::content
