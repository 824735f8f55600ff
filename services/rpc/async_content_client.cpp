#include "services/rpc/async_content_client.h"

namespace grove::rpc {

using wire::ContentServiceClient;

AsyncContentClient::AsyncContentClient(boost::asio::io_context& io, std::string host, uint16_t port,
                                       NodePoolOptions options)
    : pool_(std::make_shared<NodePool>(io, std::move(host), port, std::move(options))) {}

AsyncContentClient::~AsyncContentClient() { pool_->shutdown(); }

// Encodes in the caller's thread (the wire timeout is set again when the frame is sent) and hands
// the call to the pool.
template <typename Reply, typename Send>
void AsyncContentClient::start(const char* method, Deadline deadline, const Send& send,
                               typename TypedCall<Reply>::Recv recv, Callback<Reply> done) {
  wire::CallContext ctx;
  ctx.timeout_ms = deadline.remaining_ms(SystemClock::instance());
  Result<std::string> frame =
      ThriftCodec::for_this_thread().encode([&](ContentServiceClient& client) { send(client, ctx); });
  if (!frame.ok()) {
    auto call = std::make_shared<TypedCall<Reply>>(method, std::string(), deadline, recv, std::move(done));
    return pool_->reject(std::move(call), frame.status());
  }
  pool_->submit(std::make_shared<TypedCall<Reply>>(method, std::move(frame).value(), deadline, recv,
                                                   std::move(done)));
}

void AsyncContentClient::ping(Deadline deadline, Callback<wire::PingReply> done) {
  start<wire::PingReply>(
      "ping", deadline, [](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_ping(ctx); },
      [](ContentServiceClient& c, wire::PingReply& reply) { c.recv_ping(reply); }, std::move(done));
}

void AsyncContentClient::search(const wire::SearchRequest& request, Deadline deadline,
                                Callback<wire::SearchReply> done) {
  start<wire::SearchReply>(
      "search", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_search(ctx, request); },
      [](ContentServiceClient& c, wire::SearchReply& reply) { c.recv_search(reply); }, std::move(done));
}

void AsyncContentClient::term_stats(const wire::SearchRequest& request, Deadline deadline,
                                    Callback<wire::TermStatsReply> done) {
  start<wire::TermStatsReply>(
      "term_stats", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_term_stats(ctx, request); },
      [](ContentServiceClient& c, wire::TermStatsReply& reply) { c.recv_term_stats(reply); },
      std::move(done));
}

void AsyncContentClient::docsum(const wire::DocsumRequest& request, Deadline deadline,
                                Callback<wire::DocsumReply> done) {
  start<wire::DocsumReply>(
      "docsum", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_docsum(ctx, request); },
      [](ContentServiceClient& c, wire::DocsumReply& reply) { c.recv_docsum(reply); }, std::move(done));
}

void AsyncContentClient::get(const wire::GetRequest& request, Deadline deadline,
                             Callback<wire::GetReply> done) {
  start<wire::GetReply>(
      "get", deadline, [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_get(ctx, request); },
      [](ContentServiceClient& c, wire::GetReply& reply) { c.recv_get(reply); }, std::move(done));
}

void AsyncContentClient::put(const wire::PutRequest& request, Deadline deadline,
                             Callback<wire::WriteReply> done) {
  start<wire::WriteReply>(
      "put", deadline, [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_put(ctx, request); },
      [](ContentServiceClient& c, wire::WriteReply& reply) { c.recv_put(reply); }, std::move(done));
}

void AsyncContentClient::remove(const wire::RemoveRequest& request, Deadline deadline,
                                Callback<wire::WriteReply> done) {
  start<wire::WriteReply>(
      "remove", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_remove(ctx, request); },
      [](ContentServiceClient& c, wire::WriteReply& reply) { c.recv_remove(reply); }, std::move(done));
}

void AsyncContentClient::list_buckets(Deadline deadline, Callback<std::vector<wire::BucketInfo>> done) {
  start<std::vector<wire::BucketInfo>>(
      "list_buckets", deadline,
      [](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_list_buckets(ctx); },
      [](ContentServiceClient& c, std::vector<wire::BucketInfo>& reply) { c.recv_list_buckets(reply); },
      std::move(done));
}

void AsyncContentClient::feed_put(const wire::FeedPutRequest& request, Deadline deadline,
                                  Callback<wire::FeedReply> done) {
  start<wire::FeedReply>(
      "feed_put", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_feed_put(ctx, request); },
      [](ContentServiceClient& c, wire::FeedReply& reply) { c.recv_feed_put(reply); },
      std::move(done));
}

void AsyncContentClient::feed_update(const wire::FeedUpdateRequest& request, Deadline deadline,
                                     Callback<wire::FeedReply> done) {
  start<wire::FeedReply>(
      "feed_update", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) {
        c.send_feed_update(ctx, request);
      },
      [](ContentServiceClient& c, wire::FeedReply& reply) { c.recv_feed_update(reply); },
      std::move(done));
}

void AsyncContentClient::feed_remove(const wire::FeedRemoveRequest& request, Deadline deadline,
                                     Callback<wire::FeedReply> done) {
  start<wire::FeedReply>(
      "feed_remove", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) {
        c.send_feed_remove(ctx, request);
      },
      [](ContentServiceClient& c, wire::FeedReply& reply) { c.recv_feed_remove(reply); },
      std::move(done));
}

void AsyncContentClient::visit(const wire::VisitRequest& request, Deadline deadline,
                               Callback<wire::VisitReply> done) {
  start<wire::VisitReply>(
      "visit", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_visit(ctx, request); },
      [](ContentServiceClient& c, wire::VisitReply& reply) { c.recv_visit(reply); },
      std::move(done));
}

void AsyncContentClient::feed_batch(const std::vector<wire::FeedOperation>& operations,
                                    Deadline deadline, Callback<std::vector<wire::FeedReply>> done) {
  start<std::vector<wire::FeedReply>>(
      "feed_batch", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) {
        c.send_feed_batch(ctx, operations);
      },
      [](ContentServiceClient& c, std::vector<wire::FeedReply>& reply) { c.recv_feed_batch(reply); },
      std::move(done));
}

void AsyncContentClient::write_batch(const std::vector<wire::ReplicaWrite>& writes,
                                     Deadline deadline,
                                     Callback<std::vector<wire::ReplicaWriteResult>> done) {
  start<std::vector<wire::ReplicaWriteResult>>(
      "write_batch", deadline,
      [&](ContentServiceClient& c, const wire::CallContext& ctx) { c.send_write_batch(ctx, writes); },
      [](ContentServiceClient& c, std::vector<wire::ReplicaWriteResult>& reply) {
        c.recv_write_batch(reply);
      },
      std::move(done));
}

}  // namespace grove::rpc
