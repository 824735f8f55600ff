#pragma once

// ThriftContentClient: the ContentService (services/protocol/content_service.h) of one remote
// grove-content node, over Thrift on Asio. The container scatters a query over the nodes of a
// group through one of these per node, and a distributor writes to its replicas through them,
// with no thread blocked per outstanding call (DESIGN §7). BlockingContentClient is the blocking
// form for tools and tests.
//
// Every call follows the ContentService contract, and this implementation adds:
//   - the callback runs on a thread running the io_context (never inside the call itself);
//   - the request is encoded in the caller's thread, so it need not outlive the call;
//   - DeadlineExceeded when the deadline passes first: the connection carrying the call is
//     closed, so a late reply cannot be taken for another call's;
//   - Unavailable when the node cannot be reached or the connection fails (refused, reset, EOF,
//     malformed frame), or after shutdown(); the node's own errors keep their code;
//   - ResourceExhausted when too many calls already wait for a connection (back off).
//
// One generic call path (start<Method>, over the traits of thrift_methods.h) encodes, frames,
// pools and decodes every call; the overrides only name their method.
//
// Connections: a pool per node (NodePool): one call per connection at a time, idle connections
// reused, new ones opened up to NodePoolOptions::max_connections. healthy() turns false on a
// connection failure, so the dispatcher can take the node out at once, and true again with the
// next reply (ping() makes a good probe). Wire format and limits: services/rpc/docs/async-client.md.
//
// Usage:
//   boost::asio::io_context io;   // run by the container's I/O threads
//   ThriftContentClient node(io, "127.0.0.1", 19100);
//   node.search(request, Deadline::after(SystemClock::instance(), 500ms),
//               [](Result<protocol::SearchReply> reply) { ... });
//
// Lifecycle: shutdown() (also run by the destructor) ends every outstanding and later call with
// Unavailable("... shutting down") once the io_context runs it; callbacks therefore only run while
// the io_context runs. Thread-safe: calls may be issued from any thread. Callbacks run on the
// node's strand and should be short: they delay that node's other replies.

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include "services/base/deadline.h"
#include "services/protocol/content_service.h"
#include "services/rpc/node_pool.h"

namespace grove::rpc {

class ThriftContentClient final : public protocol::ContentService {
 public:
  // Connects lazily: the first call opens the first connection.
  ThriftContentClient(boost::asio::io_context& io, std::string host, uint16_t port,
                      NodePoolOptions options = {});
  ~ThriftContentClient() override;
  ThriftContentClient(const ThriftContentClient&) = delete;
  ThriftContentClient& operator=(const ThriftContentClient&) = delete;

  void ping(const protocol::PingRequest& request, Deadline deadline,
            protocol::Callback<protocol::PingReply> done) override;
  void set_cluster_state(const protocol::SetClusterStateRequest& request, Deadline deadline,
                         protocol::Callback<protocol::SetClusterStateReply> done) override;
  void term_stats(const protocol::TermStatsRequest& request, Deadline deadline,
                  protocol::Callback<protocol::TermStatsReply> done) override;
  void search(const protocol::SearchRequest& request, Deadline deadline,
              protocol::Callback<protocol::SearchReply> done) override;
  void docsum(const protocol::DocsumRequest& request, Deadline deadline,
              protocol::Callback<protocol::DocsumReply> done) override;
  void get(const protocol::GetRequest& request, Deadline deadline,
           protocol::Callback<protocol::GetReply> done) override;
  void visit(const protocol::VisitRequest& request, Deadline deadline,
             protocol::Callback<protocol::VisitReply> done) override;
  void feed_batch(protocol::FeedBatchRequest request, Deadline deadline,
                  protocol::Callback<protocol::FeedBatchReply> done) override;
  void write_batch(protocol::WriteBatchRequest request, Deadline deadline,
                   protocol::Callback<protocol::WriteBatchReply> done) override;
  void list_buckets(const protocol::ListBucketsRequest& request, Deadline deadline,
                    protocol::Callback<protocol::ListBucketsReply> done) override;
  void bucket_entries(const protocol::BucketEntriesRequest& request, Deadline deadline,
                      protocol::Callback<protocol::BucketEntriesReply> done) override;
  void fetch_entries(const protocol::FetchEntriesRequest& request, Deadline deadline,
                     protocol::Callback<protocol::FetchEntriesReply> done) override;
  void apply_entries(protocol::ApplyEntriesRequest request, Deadline deadline,
                     protocol::Callback<protocol::ApplyEntriesReply> done) override;
  void set_bucket_states(const protocol::SetBucketStatesRequest& request, Deadline deadline,
                         protocol::Callback<protocol::SetBucketStatesReply> done) override;
  void delete_buckets(const protocol::DeleteBucketsRequest& request, Deadline deadline,
                      protocol::Callback<protocol::DeleteBucketsReply> done) override;

  // False from a connection failure until the next well-formed reply. Thread-safe.
  bool healthy() const override { return pool_->healthy(); }
  // "host:port".
  const std::string& endpoint() const override { return pool_->endpoint(); }
  // Connections open now (connecting, idle or busy). Thread-safe; for tests and metrics.
  size_t open_connections() const { return pool_->open_connections(); }

  // See Lifecycle above. Returns at once; idempotent.
  void shutdown() override { pool_->shutdown(); }

 private:
  template <typename Method, typename Request>
  void start(Request&& request, Deadline deadline, protocol::Callback<typename Method::Reply> done);

  // Shared with the pool's pending handlers, which may outlive this object (see NodePool).
  std::shared_ptr<NodePool> pool_;
};

}  // namespace grove::rpc
