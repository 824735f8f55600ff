#pragma once

// BlockingContentClient: the ContentService of one remote grove-content node as blocking calls,
// for tools, benchmarks and tests. It shares ThriftContentClient's per-method traits
// (thrift_methods.h), codec and conversion, and differs only in the transport: each call writes
// its frame and waits for the reply on the calling thread (BlockingConnection), so there is no
// event loop, no timer and no hand-off between threads.
//
// Results are those of ThriftContentClient (the node's errors keep their code; Unavailable for
// a connection failure; DeadlineExceeded when the timeout passes first, which also closes the
// connection). After a connection failure the next call opens a new connection.
//
// Usage:
//   auto client = BlockingContentClient::connect("127.0.0.1", 19100);
//   Result<protocol::SearchReply> reply = (*client)->search(request, 500ms);
//
// Confined to one thread at a time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "services/protocol/content_service.h"
#include "services/rpc/blocking_connection.h"

namespace grove::rpc {

class BlockingContentClient {
 public:
  using Timeout = std::chrono::milliseconds;

  // A client of the node at host:port, checked with a ping: Unavailable when the node cannot be
  // reached within `connect_timeout`.
  static Result<std::unique_ptr<BlockingContentClient>> connect(const std::string& host, uint16_t port,
                                                                Timeout connect_timeout = Timeout(2000));
  BlockingContentClient(const std::string& host, uint16_t port);
  BlockingContentClient(const BlockingContentClient&) = delete;
  BlockingContentClient& operator=(const BlockingContentClient&) = delete;

  Result<protocol::PingReply> ping(Timeout timeout);
  Result<protocol::SetClusterStateReply> set_cluster_state(const std::string& cluster_state, Timeout timeout);
  Result<protocol::TermStatsReply> term_stats(const protocol::TermStatsRequest& request, Timeout timeout);
  Result<protocol::SearchReply> search(const protocol::SearchRequest& request, Timeout timeout);
  Result<protocol::DocsumReply> docsum(const protocol::DocsumRequest& request, Timeout timeout);
  Result<protocol::GetReply> get(const std::string& document_id, Timeout timeout);
  Result<protocol::VisitReply> visit(const protocol::VisitRequest& request, Timeout timeout);
  Result<protocol::FeedBatchReply> feed_batch(protocol::FeedBatchRequest request, Timeout timeout);
  // One operation as a feed_batch of one: its reply, or its own error as a Status.
  Result<protocol::FeedReply> feed(protocol::FeedOperation operation, Timeout timeout);
  Result<protocol::WriteBatchReply> write_batch(protocol::WriteBatchRequest request, Timeout timeout);
  // Every bucket the node holds, or those of `request.buckets` it holds.
  Result<protocol::ListBucketsReply> list_buckets(const protocol::ListBucketsRequest& request, Timeout timeout);
  Result<protocol::BucketEntriesReply> bucket_entries(const protocol::BucketEntriesRequest& request,
                                                      Timeout timeout);
  Result<protocol::FetchEntriesReply> fetch_entries(const protocol::FetchEntriesRequest& request, Timeout timeout);
  Result<protocol::ApplyEntriesReply> apply_entries(protocol::ApplyEntriesRequest request, Timeout timeout);
  Result<protocol::SetBucketStatesReply> set_bucket_states(const protocol::SetBucketStatesRequest& request,
                                                           Timeout timeout);
  Result<protocol::DeleteBucketsReply> delete_buckets(const protocol::DeleteBucketsRequest& request,
                                                      Timeout timeout);

  // False after a connection failure, until the next good reply.
  bool healthy() const { return healthy_; }
  const std::string& endpoint() const { return connection_.endpoint(); }

 private:
  // The one call path: encode, exchange, decode and convert.
  template <typename Method, typename Request>
  Result<typename Method::Reply> call(Request&& request, Timeout timeout);

  BlockingConnection connection_;
  bool healthy_ = true;
};

}  // namespace grove::rpc
