#pragma once

// ContentRpcClient: a blocking Thrift client for one grove-content node, used by tools,
// benchmarks and tests (the container's dispatcher will have its own asynchronous client).
// It turns GroveError into the Status it carries and transport failures into Unavailable, and
// sends every call with the time left to its deadline.
//
// Usage:
//   auto client = ContentRpcClient::connect("127.0.0.1", 19100);
//   Result<wire::SearchReply> reply = client->search(request, std::chrono::milliseconds(500));
//
// One connection; not thread-safe (use one client per thread). After a transport failure the
// client is broken() and every call answers Unavailable; connect again.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "services/base/result.h"
#include "services/idl/ContentService.h"

namespace grove::rpc {

class ContentRpcClient {
 public:
  using Timeout = std::chrono::milliseconds;

  // Connects (TCP_NODELAY, framed binary protocol). Unavailable when the node cannot be reached.
  static Result<std::unique_ptr<ContentRpcClient>> connect(const std::string& host, uint16_t port,
                                                           Timeout connect_timeout = Timeout(2000));
  ~ContentRpcClient();

  bool broken() const { return broken_; }

  Result<wire::PingReply> ping(Timeout timeout);
  Result<wire::SearchReply> search(const wire::SearchRequest& request, Timeout timeout);
  Result<wire::TermStatsReply> term_stats(const wire::SearchRequest& request, Timeout timeout);
  Result<wire::DocsumReply> docsum(const wire::DocsumRequest& request, Timeout timeout);
  Result<wire::GetReply> get(const std::string& id, Timeout timeout);
  Result<bool> put(const std::string& id, int64_t timestamp, std::string document, Timeout timeout);
  Result<bool> remove(const std::string& id, int64_t timestamp, Timeout timeout);
  Result<std::vector<wire::BucketInfo>> list_buckets(Timeout timeout);
  // The distributor operations: the node's FeedReply (any outcome), or its GroveError as Status.
  Result<wire::FeedReply> feed_put(const wire::FeedPutRequest& request, Timeout timeout);
  Result<wire::FeedReply> feed_update(const wire::FeedUpdateRequest& request, Timeout timeout);
  Result<wire::FeedReply> feed_remove(const wire::FeedRemoveRequest& request, Timeout timeout);
  Result<wire::VisitReply> visit(const wire::VisitRequest& request, Timeout timeout);
  // Batches: one reply per operation, in order (a per-operation failure is in the reply's
  // `error`); a Status only when the whole call failed.
  Result<std::vector<wire::FeedReply>> feed_batch(const std::vector<wire::FeedOperation>& operations,
                                                  Timeout timeout);
  Result<std::vector<wire::ReplicaWriteResult>> write_batch(
      const std::vector<wire::ReplicaWrite>& writes, Timeout timeout);

 private:
  struct Connection;
  explicit ContentRpcClient(std::unique_ptr<Connection> connection);
  template <typename F>
  Status call(const char* name, F&& f);
  wire::CallContext context(Timeout timeout) const;

  std::unique_ptr<Connection> connection_;
  bool broken_ = false;
};

}  // namespace grove::rpc
