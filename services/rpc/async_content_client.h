#pragma once

// AsyncContentClient: the asynchronous Thrift client for one grove-content node, on Asio. The
// container scatters a query over the nodes of a group through one of these per node, with no
// thread blocked per outstanding call (DESIGN §7).
//
// Every call takes a Deadline (on SystemClock) and a callback, and returns at once. The callback
// runs exactly once, on a thread running the io_context (never inside the call itself), with:
//   - the reply;
//   - the node's GroveError as its Status (InvalidArgument, NotFound, ...);
//   - DeadlineExceeded when the deadline passes first (a connection carrying the call is closed);
//   - Unavailable when the node cannot be reached or the connection fails (refused, reset, EOF,
//     malformed frame), or after shutdown();
//   - ResourceExhausted when too many calls already wait for a connection (back off).
// Requests are encoded in the caller's thread, so they need not outlive the call.
//
// Connections: a pool per node (NodePool): one call per connection at a time, idle connections
// reused, new ones opened up to NodePoolOptions::max_connections. healthy() turns false on a
// connection failure, so the dispatcher can take the node out at once, and true again with the
// next reply (ping() makes a good probe). Wire format and limits: services/rpc/docs/async-client.md.
//
// Usage:
//   boost::asio::io_context io;   // run by the container's I/O threads
//   AsyncContentClient node(io, "127.0.0.1", 19100);
//   node.search(request, Deadline::after(SystemClock::instance(), 500ms),
//               [](Result<wire::SearchReply> reply) { ... });
//
// Lifecycle: shutdown() (also run by the destructor) ends every outstanding and later call with
// Unavailable("... shutting down") once the io_context runs it; callbacks therefore only run while
// the io_context runs. Thread-safe: calls may be issued from any thread. Callbacks run on the
// node's strand and should be short: they delay that node's other replies.

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "services/base/deadline.h"
#include "services/idl/ContentService.h"
#include "services/rpc/node_pool.h"
#include "services/rpc/rpc_call.h"

namespace grove::rpc {

class AsyncContentClient {
 public:
  // Connects lazily: the first call opens the first connection.
  AsyncContentClient(boost::asio::io_context& io, std::string host, uint16_t port,
                     NodePoolOptions options = {});
  ~AsyncContentClient();
  AsyncContentClient(const AsyncContentClient&) = delete;
  AsyncContentClient& operator=(const AsyncContentClient&) = delete;

  void ping(Deadline deadline, Callback<wire::PingReply> done);
  void search(const wire::SearchRequest& request, Deadline deadline, Callback<wire::SearchReply> done);
  void term_stats(const wire::SearchRequest& request, Deadline deadline,
                  Callback<wire::TermStatsReply> done);
  void docsum(const wire::DocsumRequest& request, Deadline deadline, Callback<wire::DocsumReply> done);
  void get(const wire::GetRequest& request, Deadline deadline, Callback<wire::GetReply> done);
  void put(const wire::PutRequest& request, Deadline deadline, Callback<wire::WriteReply> done);
  void remove(const wire::RemoveRequest& request, Deadline deadline, Callback<wire::WriteReply> done);
  void list_buckets(Deadline deadline, Callback<std::vector<wire::BucketInfo>> done);

  // The distributor role (DESIGN §5): only the owner of the document's bucket executes these. A
  // FeedReply carries the outcome (OK, CONDITION_NOT_MET, NOT_FOUND, WRONG_DISTRIBUTION with the
  // owner's cluster state, FEED_BLOCKED); a failure Status means the operation may or may not
  // have been applied.
  void feed_put(const wire::FeedPutRequest& request, Deadline deadline, Callback<wire::FeedReply> done);
  void feed_update(const wire::FeedUpdateRequest& request, Deadline deadline,
                   Callback<wire::FeedReply> done);
  void feed_remove(const wire::FeedRemoveRequest& request, Deadline deadline,
                   Callback<wire::FeedReply> done);
  // Many distributor operations in one call (the container's per-owner batches): one FeedReply
  // per operation, in order; an operation that failed has its code in FeedReply::error. A
  // failure Status fails every operation of the batch (each may or may not have been applied).
  void feed_batch(const std::vector<wire::FeedOperation>& operations, Deadline deadline,
                  Callback<std::vector<wire::FeedReply>> done);
  // Many replica writes in one call (a distributor's per-replica batches): one result per
  // write, in order, each once it is durable and searchable on that node.
  void write_batch(const std::vector<wire::ReplicaWrite>& writes, Deadline deadline,
                   Callback<std::vector<wire::ReplicaWriteResult>> done);
  // The documents of the buckets this node is first ideal replica of, after (bucket, gid).
  void visit(const wire::VisitRequest& request, Deadline deadline, Callback<wire::VisitReply> done);

  // False from a connection failure until the next well-formed reply. Thread-safe.
  bool healthy() const { return pool_->healthy(); }
  // Connections open now (connecting, idle or busy). Thread-safe; for tests and metrics.
  size_t open_connections() const { return pool_->open_connections(); }
  // "host:port".
  const std::string& endpoint() const { return pool_->endpoint(); }

  // See Lifecycle above. Returns at once; idempotent.
  void shutdown() { pool_->shutdown(); }

 private:
  template <typename Reply, typename Send>
  void start(const char* method, Deadline deadline, const Send& send,
             typename TypedCall<Reply>::Recv recv, Callback<Reply> done);

  // Shared with the pool's pending handlers, which may outlive this object (see NodePool).
  std::shared_ptr<NodePool> pool_;
};

}  // namespace grove::rpc
