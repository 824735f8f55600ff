#include "services/rpc/blocking_content_client.h"

#include <fmt/format.h>

#include "services/rpc/node_pool.h"
#include "services/rpc/thrift_codec.h"
#include "services/rpc/thrift_methods.h"

namespace grove::rpc {

BlockingContentClient::BlockingContentClient(const std::string& host, uint16_t port)
    : connection_(host, port, NodePoolOptions{}.max_frame_bytes) {}

Result<std::unique_ptr<BlockingContentClient>> BlockingContentClient::connect(const std::string& host,
                                                                              uint16_t port,
                                                                              Timeout connect_timeout) {
  auto client = std::make_unique<BlockingContentClient>(host, port);
  Result<protocol::PingReply> ping = client->ping(connect_timeout);
  if (!ping.ok()) return ping.status();
  return client;
}

template <typename Method, typename Request>
Result<typename Method::Reply> BlockingContentClient::call(Request&& request, Timeout timeout) {
  using WireReply = typename Method::WireReply;
  const Deadline deadline = Deadline::after(SystemClock::instance(), timeout);
  wire::CallContext ctx;
  ctx.timeout_ms = deadline.remaining_ms(SystemClock::instance());
  ThriftCodec& codec = ThriftCodec::for_this_thread();
  GROVE_ASSIGN_OR_RETURN(std::string frame, codec.encode([&](wire::ContentServiceClient& client) {
    Method::send(client, ctx, std::forward<Request>(request));
  }));
  Result<std::string_view> body = connection_.exchange(frame, deadline);
  if (!body.ok()) {
    if (body.status().code() == StatusCode::kUnavailable) healthy_ = false;
    return Status(body.status().code(), fmt::format("{}: {}", Method::kName, body.status().message()));
  }
  Decoded<WireReply> decoded = codec.decode<WireReply>(
      *body, [](wire::ContentServiceClient& client, WireReply& out) { Method::recv(client, out); });
  if (!decoded.well_formed) {
    connection_.close();
    healthy_ = false;
    return Status::Unavailable(fmt::format("{} to content node {}: {}", Method::kName, connection_.endpoint(),
                                           decoded.result.status().message()));
  }
  healthy_ = true;
  if (!decoded.result.ok()) return decoded.result.status();
  return idl::from_wire(std::move(decoded.result).value());
}

Result<protocol::PingReply> BlockingContentClient::ping(Timeout timeout) {
  return call<methods::Ping>(protocol::PingRequest{}, timeout);
}

Result<protocol::SetClusterStateReply> BlockingContentClient::set_cluster_state(
    const std::string& cluster_state, Timeout timeout) {
  return call<methods::SetClusterState>(protocol::SetClusterStateRequest{cluster_state}, timeout);
}

Result<protocol::TermStatsReply> BlockingContentClient::term_stats(const protocol::TermStatsRequest& request,
                                                                   Timeout timeout) {
  return call<methods::TermStats>(request, timeout);
}

Result<protocol::SearchReply> BlockingContentClient::search(const protocol::SearchRequest& request,
                                                            Timeout timeout) {
  return call<methods::Search>(request, timeout);
}

Result<protocol::DocsumReply> BlockingContentClient::docsum(const protocol::DocsumRequest& request,
                                                            Timeout timeout) {
  return call<methods::Docsum>(request, timeout);
}

Result<protocol::GetReply> BlockingContentClient::get(const std::string& document_id, Timeout timeout) {
  return call<methods::Get>(protocol::GetRequest{document_id}, timeout);
}

Result<protocol::VisitReply> BlockingContentClient::visit(const protocol::VisitRequest& request,
                                                          Timeout timeout) {
  return call<methods::Visit>(request, timeout);
}

Result<protocol::FeedBatchReply> BlockingContentClient::feed_batch(protocol::FeedBatchRequest request,
                                                                   Timeout timeout) {
  return call<methods::FeedBatch>(std::move(request), timeout);
}

Result<protocol::FeedReply> BlockingContentClient::feed(protocol::FeedOperation operation, Timeout timeout) {
  protocol::FeedBatchRequest request;
  request.operations.push_back(std::move(operation));
  GROVE_ASSIGN_OR_RETURN(protocol::FeedBatchReply batch, feed_batch(std::move(request), timeout));
  if (batch.replies.size() != 1) {
    return Status::Internal("feed_batch of one operation answered " + std::to_string(batch.replies.size()));
  }
  protocol::FeedReply& reply = batch.replies[0];
  if (reply.error) return Status(*reply.error, std::move(reply.message));
  return std::move(reply);
}

Result<protocol::WriteBatchReply> BlockingContentClient::write_batch(protocol::WriteBatchRequest request,
                                                                     Timeout timeout) {
  return call<methods::WriteBatch>(std::move(request), timeout);
}

Result<protocol::ListBucketsReply> BlockingContentClient::list_buckets(const protocol::ListBucketsRequest& request,
                                                                       Timeout timeout) {
  return call<methods::ListBuckets>(request, timeout);
}

Result<protocol::BucketEntriesReply> BlockingContentClient::bucket_entries(
    const protocol::BucketEntriesRequest& request, Timeout timeout) {
  return call<methods::BucketEntries>(request, timeout);
}

Result<protocol::FetchEntriesReply> BlockingContentClient::fetch_entries(
    const protocol::FetchEntriesRequest& request, Timeout timeout) {
  return call<methods::FetchEntries>(request, timeout);
}

Result<protocol::ApplyEntriesReply> BlockingContentClient::apply_entries(protocol::ApplyEntriesRequest request,
                                                                         Timeout timeout) {
  return call<methods::ApplyEntries>(std::move(request), timeout);
}

Result<protocol::SetBucketStatesReply> BlockingContentClient::set_bucket_states(
    const protocol::SetBucketStatesRequest& request, Timeout timeout) {
  return call<methods::SetBucketStates>(request, timeout);
}

Result<protocol::DeleteBucketsReply> BlockingContentClient::delete_buckets(
    const protocol::DeleteBucketsRequest& request, Timeout timeout) {
  return call<methods::DeleteBuckets>(request, timeout);
}

}  // namespace grove::rpc
