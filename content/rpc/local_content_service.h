#pragma once

// LocalContentService: the ContentService of a content node in this process, the in-process
// twin of rpc::ThriftContentClient. It runs every call on the NodeService that grove-content's
// Thrift handler also runs, so a container, a distributor, a test or a benchmark talking to it
// gets the answers a remote node would give, without sockets or serialization.
//
// The ContentService contract, and here:
//   - every call is posted to `executor` (an io_context run by some threads, or a thread pool)
//     and runs there; its callback runs on that thread right after, never inside the call;
//   - the request is copied (or, for the batch calls, moved) into the posted work;
//   - the deadline is checked when the call starts to run (DeadlineExceeded, not executed); a
//     call that has started runs to its end, as on a remote node;
//   - after shutdown() every call that has not started answers Unavailable;
//   - the posted work holds what it needs itself, so the service may be destroyed while calls
//     it posted are still queued (they run, or answer Unavailable after shutdown()).
// healthy() is true until shutdown().
//
// Usage:
//   NodeService service(node, distributor, SystemClock::instance());
//   LocalContentService local(service, io.get_executor(), "local:0");
//   local.search(request, deadline, [](Result<protocol::SearchReply> r) { ... });
//
// Thread-safe. Borrows the NodeService, which must outlive every call posted to it (stop the
// executor first).

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "content/rpc/node_service.h"
#include "services/protocol/content_service.h"

namespace grove::content {

class LocalContentService final : public protocol::ContentService {
 public:
  LocalContentService(NodeService& service, boost::asio::any_io_executor executor, std::string endpoint);

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

  bool healthy() const override { return !state_->stopped.load(); }
  const std::string& endpoint() const override { return state_->endpoint; }
  void shutdown() override { state_->stopped = true; }

 private:
  // The one call path: posts `run(service)` and hands its result to `done`.
  template <typename Reply, typename Run>
  void post(const char* call, Run run, protocol::Callback<Reply> done);

  // Shared with every posted call.
  struct State {
    NodeService& service;
    std::string endpoint;
    std::atomic<bool> stopped{false};
  };

  std::shared_ptr<State> state_;
  boost::asio::any_io_executor executor_;
};

}  // namespace grove::content
