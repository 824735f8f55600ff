#include "services/rpc/thrift_content_client.h"

#include "services/rpc/rpc_call.h"
#include "services/rpc/thrift_codec.h"
#include "services/rpc/thrift_methods.h"

namespace grove::rpc {

ThriftContentClient::ThriftContentClient(boost::asio::io_context& io, std::string host, uint16_t port,
                                         NodePoolOptions options)
    : pool_(std::make_shared<NodePool>(io, std::move(host), port, std::move(options))) {}

ThriftContentClient::~ThriftContentClient() { pool_->shutdown(); }

// The one call path: encodes in the caller's thread (the wire timeout is set again when the frame
// is sent) and hands the call to the pool.
template <typename Method, typename Request>
void ThriftContentClient::start(Request&& request, Deadline deadline,
                                protocol::Callback<typename Method::Reply> done) {
  wire::CallContext ctx;
  ctx.timeout_ms = deadline.remaining_ms(SystemClock::instance());
  Result<std::string> frame = ThriftCodec::for_this_thread().encode(
      [&](wire::ContentServiceClient& client) { Method::send(client, ctx, std::forward<Request>(request)); });
  if (!frame.ok()) {
    return pool_->reject(std::make_shared<TypedCall<Method>>(std::string(), deadline, std::move(done)),
                         frame.status());
  }
  pool_->submit(std::make_shared<TypedCall<Method>>(std::move(frame).value(), deadline, std::move(done)));
}

void ThriftContentClient::ping(const protocol::PingRequest& request, Deadline deadline,
                               protocol::Callback<protocol::PingReply> done) {
  start<methods::Ping>(request, deadline, std::move(done));
}

void ThriftContentClient::set_cluster_state(const protocol::SetClusterStateRequest& request,
                                            Deadline deadline,
                                            protocol::Callback<protocol::SetClusterStateReply> done) {
  start<methods::SetClusterState>(request, deadline, std::move(done));
}

void ThriftContentClient::term_stats(const protocol::TermStatsRequest& request, Deadline deadline,
                                     protocol::Callback<protocol::TermStatsReply> done) {
  start<methods::TermStats>(request, deadline, std::move(done));
}

void ThriftContentClient::search(const protocol::SearchRequest& request, Deadline deadline,
                                 protocol::Callback<protocol::SearchReply> done) {
  start<methods::Search>(request, deadline, std::move(done));
}

void ThriftContentClient::docsum(const protocol::DocsumRequest& request, Deadline deadline,
                                 protocol::Callback<protocol::DocsumReply> done) {
  start<methods::Docsum>(request, deadline, std::move(done));
}

void ThriftContentClient::get(const protocol::GetRequest& request, Deadline deadline,
                              protocol::Callback<protocol::GetReply> done) {
  start<methods::Get>(request, deadline, std::move(done));
}

void ThriftContentClient::visit(const protocol::VisitRequest& request, Deadline deadline,
                                protocol::Callback<protocol::VisitReply> done) {
  start<methods::Visit>(request, deadline, std::move(done));
}

void ThriftContentClient::feed_batch(protocol::FeedBatchRequest request, Deadline deadline,
                                     protocol::Callback<protocol::FeedBatchReply> done) {
  start<methods::FeedBatch>(std::move(request), deadline, std::move(done));
}

void ThriftContentClient::write_batch(protocol::WriteBatchRequest request, Deadline deadline,
                                      protocol::Callback<protocol::WriteBatchReply> done) {
  start<methods::WriteBatch>(std::move(request), deadline, std::move(done));
}

void ThriftContentClient::list_buckets(const protocol::ListBucketsRequest& request, Deadline deadline,
                                       protocol::Callback<protocol::ListBucketsReply> done) {
  start<methods::ListBuckets>(request, deadline, std::move(done));
}

void ThriftContentClient::bucket_entries(const protocol::BucketEntriesRequest& request, Deadline deadline,
                                         protocol::Callback<protocol::BucketEntriesReply> done) {
  start<methods::BucketEntries>(request, deadline, std::move(done));
}

void ThriftContentClient::fetch_entries(const protocol::FetchEntriesRequest& request, Deadline deadline,
                                        protocol::Callback<protocol::FetchEntriesReply> done) {
  start<methods::FetchEntries>(request, deadline, std::move(done));
}

void ThriftContentClient::apply_entries(protocol::ApplyEntriesRequest request, Deadline deadline,
                                        protocol::Callback<protocol::ApplyEntriesReply> done) {
  start<methods::ApplyEntries>(std::move(request), deadline, std::move(done));
}

void ThriftContentClient::set_bucket_states(const protocol::SetBucketStatesRequest& request,
                                            Deadline deadline,
                                            protocol::Callback<protocol::SetBucketStatesReply> done) {
  start<methods::SetBucketStates>(request, deadline, std::move(done));
}

void ThriftContentClient::delete_buckets(const protocol::DeleteBucketsRequest& request, Deadline deadline,
                                         protocol::Callback<protocol::DeleteBucketsReply> done) {
  start<methods::DeleteBuckets>(request, deadline, std::move(done));
}

}  // namespace grove::rpc
