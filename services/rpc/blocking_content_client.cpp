#include "services/rpc/blocking_content_client.h"

#include <optional>

namespace grove::rpc {

BlockingContentClient::BlockingContentClient(const std::string& host, uint16_t port)
    : client_(io_, host, port, NodePoolOptions{.max_connections = 1}) {}

Result<std::unique_ptr<BlockingContentClient>> BlockingContentClient::connect(const std::string& host,
                                                                              uint16_t port,
                                                                              Timeout connect_timeout) {
  auto client = std::make_unique<BlockingContentClient>(host, port);
  Result<protocol::PingReply> ping = client->ping(connect_timeout);
  if (!ping.ok()) return ping.status();
  return client;
}

template <typename Reply, typename Issue>
Result<Reply> BlockingContentClient::wait(Timeout timeout, Issue issue) {
  std::optional<Result<Reply>> out;
  issue(Deadline::after(SystemClock::instance(), timeout), [&out](Result<Reply> r) { out.emplace(std::move(r)); });
  io_.restart();
  // The call's deadline timer ends it, so this loop is bounded by `timeout`.
  while (!out.has_value() && io_.run_one() > 0) {
  }
  if (!out.has_value()) return Status::Internal("the blocking call ended without an answer");
  return std::move(*out);
}

Result<protocol::PingReply> BlockingContentClient::ping(Timeout timeout) {
  return wait<protocol::PingReply>(timeout, [&](Deadline d, auto done) { client_.ping({}, d, std::move(done)); });
}

Result<protocol::SetClusterStateReply> BlockingContentClient::set_cluster_state(
    const std::string& cluster_state, Timeout timeout) {
  return wait<protocol::SetClusterStateReply>(timeout, [&](Deadline d, auto done) {
    client_.set_cluster_state({cluster_state}, d, std::move(done));
  });
}

Result<protocol::TermStatsReply> BlockingContentClient::term_stats(const protocol::TermStatsRequest& request,
                                                                   Timeout timeout) {
  return wait<protocol::TermStatsReply>(
      timeout, [&](Deadline d, auto done) { client_.term_stats(request, d, std::move(done)); });
}

Result<protocol::SearchReply> BlockingContentClient::search(const protocol::SearchRequest& request,
                                                            Timeout timeout) {
  return wait<protocol::SearchReply>(timeout,
                                     [&](Deadline d, auto done) { client_.search(request, d, std::move(done)); });
}

Result<protocol::DocsumReply> BlockingContentClient::docsum(const protocol::DocsumRequest& request,
                                                            Timeout timeout) {
  return wait<protocol::DocsumReply>(timeout,
                                     [&](Deadline d, auto done) { client_.docsum(request, d, std::move(done)); });
}

Result<protocol::GetReply> BlockingContentClient::get(const std::string& document_id, Timeout timeout) {
  return wait<protocol::GetReply>(timeout,
                                  [&](Deadline d, auto done) { client_.get({document_id}, d, std::move(done)); });
}

Result<protocol::VisitReply> BlockingContentClient::visit(const protocol::VisitRequest& request,
                                                          Timeout timeout) {
  return wait<protocol::VisitReply>(timeout,
                                    [&](Deadline d, auto done) { client_.visit(request, d, std::move(done)); });
}

Result<protocol::FeedBatchReply> BlockingContentClient::feed_batch(protocol::FeedBatchRequest request,
                                                                   Timeout timeout) {
  return wait<protocol::FeedBatchReply>(
      timeout, [&](Deadline d, auto done) { client_.feed_batch(std::move(request), d, std::move(done)); });
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
  return wait<protocol::WriteBatchReply>(
      timeout, [&](Deadline d, auto done) { client_.write_batch(std::move(request), d, std::move(done)); });
}

Result<protocol::ListBucketsReply> BlockingContentClient::list_buckets(Timeout timeout) {
  return wait<protocol::ListBucketsReply>(
      timeout, [&](Deadline d, auto done) { client_.list_buckets({}, d, std::move(done)); });
}

}  // namespace grove::rpc
