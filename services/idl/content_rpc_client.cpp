#include "services/idl/content_rpc_client.h"

#include <fmt/format.h>

#include <mutex>
#include <thrift/TOutput.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>
#include <thrift/transport/TTransportException.h>

#include "services/idl/wire_status.h"
#include "services/idl/framed_transport.h"

namespace grove::rpc {

using apache::thrift::protocol::TBinaryProtocol;
using apache::thrift::transport::TFramedTransport;
using apache::thrift::transport::TSocket;

struct ContentRpcClient::Connection {
  std::string endpoint;
  std::shared_ptr<TSocket> socket;
  std::shared_ptr<TFramedTransport> transport;
  std::unique_ptr<wire::ContentServiceClient> client;
};

ContentRpcClient::ContentRpcClient(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

ContentRpcClient::~ContentRpcClient() {
  try {
    if (connection_ && connection_->transport) connection_->transport->close();
  } catch (...) {
  }
}

Result<std::unique_ptr<ContentRpcClient>> ContentRpcClient::connect(const std::string& host,
                                                                    uint16_t port,
                                                                    Timeout connect_timeout) {
  // Thrift prints transport errors to stderr; the caller gets them as Status instead.
  static std::once_flag quiet;
  std::call_once(quiet, [] { apache::thrift::GlobalOutput.setOutputFunction([](const char*) {}); });
  auto c = std::make_unique<Connection>();
  c->endpoint = fmt::format("{}:{}", host, port);
  c->socket = std::make_shared<TSocket>(host, port);
  c->socket->setConnTimeout(static_cast<int>(connect_timeout.count()));
  c->socket->setNoDelay(true);
  c->transport = framed_transport(c->socket);
  try {
    c->transport->open();
  } catch (const std::exception& e) {
    return Status::Unavailable(fmt::format("cannot connect to content node {}: {}", c->endpoint, e.what()));
  }
  c->client = std::make_unique<wire::ContentServiceClient>(std::make_shared<TBinaryProtocol>(c->transport));
  return std::unique_ptr<ContentRpcClient>(new ContentRpcClient(std::move(c)));
}

wire::CallContext ContentRpcClient::context(Timeout timeout) const {
  wire::CallContext ctx;
  ctx.timeout_ms = static_cast<int32_t>(timeout.count());
  return ctx;
}

template <typename F>
Status ContentRpcClient::call(const char* name, F&& f) {
  if (broken_) {
    return Status::Unavailable(fmt::format("{} to {}: the connection is broken", name, connection_->endpoint));
  }
  try {
    f(*connection_->client);
    return Status::Ok();
  } catch (const wire::GroveError& e) {
    return status_from_wire(e);
  } catch (const std::exception& e) {
    broken_ = true;
    return Status::Unavailable(fmt::format("{} to {} failed: {}", name, connection_->endpoint, e.what()));
  }
}

Result<wire::PingReply> ContentRpcClient::ping(Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::PingReply reply;
  GROVE_RETURN_IF_ERROR(call("ping", [&](auto& c) { c.ping(reply, context(timeout)); }));
  return reply;
}

Result<wire::SearchReply> ContentRpcClient::search(const wire::SearchRequest& request, Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::SearchReply reply;
  GROVE_RETURN_IF_ERROR(call("search", [&](auto& c) { c.search(reply, context(timeout), request); }));
  return reply;
}

Result<wire::TermStatsReply> ContentRpcClient::term_stats(const wire::SearchRequest& request,
                                                          Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::TermStatsReply reply;
  GROVE_RETURN_IF_ERROR(call("term_stats", [&](auto& c) { c.term_stats(reply, context(timeout), request); }));
  return reply;
}

Result<wire::DocsumReply> ContentRpcClient::docsum(const wire::DocsumRequest& request, Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::DocsumReply reply;
  GROVE_RETURN_IF_ERROR(call("docsum", [&](auto& c) { c.docsum(reply, context(timeout), request); }));
  return reply;
}

Result<wire::GetReply> ContentRpcClient::get(const std::string& id, Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::GetRequest request;
  request.document_id = id;
  wire::GetReply reply;
  GROVE_RETURN_IF_ERROR(call("get", [&](auto& c) { c.get(reply, context(timeout), request); }));
  return reply;
}

Result<bool> ContentRpcClient::put(const std::string& id, int64_t timestamp, std::string document,
                                   Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::PutRequest request;
  request.document_id = id;
  request.timestamp = timestamp;
  request.document = std::move(document);
  wire::WriteReply reply;
  GROVE_RETURN_IF_ERROR(call("put", [&](auto& c) { c.put(reply, context(timeout), request); }));
  return reply.applied;
}

Result<bool> ContentRpcClient::remove(const std::string& id, int64_t timestamp, Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::RemoveRequest request;
  request.document_id = id;
  request.timestamp = timestamp;
  wire::WriteReply reply;
  GROVE_RETURN_IF_ERROR(call("remove", [&](auto& c) { c.remove(reply, context(timeout), request); }));
  return reply.applied;
}

Result<std::vector<wire::BucketInfo>> ContentRpcClient::list_buckets(Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  std::vector<wire::BucketInfo> reply;
  GROVE_RETURN_IF_ERROR(call("list_buckets", [&](auto& c) { c.list_buckets(reply, context(timeout)); }));
  return reply;
}

Result<wire::FeedReply> ContentRpcClient::feed_put(const wire::FeedPutRequest& request, Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::FeedReply reply;
  GROVE_RETURN_IF_ERROR(call("feed_put", [&](auto& c) { c.feed_put(reply, context(timeout), request); }));
  return reply;
}

Result<wire::FeedReply> ContentRpcClient::feed_update(const wire::FeedUpdateRequest& request,
                                                      Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::FeedReply reply;
  GROVE_RETURN_IF_ERROR(call("feed_update", [&](auto& c) { c.feed_update(reply, context(timeout), request); }));
  return reply;
}

Result<wire::FeedReply> ContentRpcClient::feed_remove(const wire::FeedRemoveRequest& request,
                                                      Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::FeedReply reply;
  GROVE_RETURN_IF_ERROR(call("feed_remove", [&](auto& c) { c.feed_remove(reply, context(timeout), request); }));
  return reply;
}

Result<wire::VisitReply> ContentRpcClient::visit(const wire::VisitRequest& request, Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  wire::VisitReply reply;
  GROVE_RETURN_IF_ERROR(call("visit", [&](auto& c) { c.visit(reply, context(timeout), request); }));
  return reply;
}

Result<std::vector<wire::FeedReply>> ContentRpcClient::feed_batch(
    const std::vector<wire::FeedOperation>& operations, Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  std::vector<wire::FeedReply> reply;
  GROVE_RETURN_IF_ERROR(
      call("feed_batch", [&](auto& c) { c.feed_batch(reply, context(timeout), operations); }));
  return reply;
}

Result<std::vector<wire::ReplicaWriteResult>> ContentRpcClient::write_batch(
    const std::vector<wire::ReplicaWrite>& writes, Timeout timeout) {
  connection_->socket->setRecvTimeout(static_cast<int>(timeout.count()) + 100);
  std::vector<wire::ReplicaWriteResult> reply;
  GROVE_RETURN_IF_ERROR(
      call("write_batch", [&](auto& c) { c.write_batch(reply, context(timeout), writes); }));
  return reply;
}

}  // namespace grove::rpc
