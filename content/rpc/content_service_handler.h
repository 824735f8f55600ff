#pragma once

// ContentServiceHandler: the Thrift handler of grove-content. For every call it checks the
// deadline (a call that arrives with no time left is refused with DEADLINE_EXCEEDED and not
// executed), converts the wire types (content/rpc/wire_convert), calls the ContentNode and
// converts back; errors travel as GroveError with the Status code.
//
// Owned by the ContentServer; thread-safe (called from the server's worker threads). Borrows
// the node and its distributor, which must outlive it.

#include <atomic>
#include <cstdint>
#include <string>

#include "content/distributor/distributor.h"
#include "content/node/content_node.h"
#include "services/base/clock.h"
#include "services/idl/ContentService.h"

namespace grove::content {

class ContentServiceHandler : public wire::ContentServiceIf {
 public:
  ContentServiceHandler(ContentNode& node, Distributor& distributor, const Clock& clock)
      : node_(node), distributor_(distributor), clock_(clock) {}

  void ping(wire::PingReply& reply, const wire::CallContext& ctx) override;
  void search(wire::SearchReply&, const wire::CallContext&, const wire::SearchRequest&) override;
  void docsum(wire::DocsumReply&, const wire::CallContext&, const wire::DocsumRequest&) override;
  void term_stats(wire::TermStatsReply&, const wire::CallContext&,
                  const wire::SearchRequest&) override;
  void get(wire::GetReply&, const wire::CallContext&, const wire::GetRequest&) override;
  void put(wire::WriteReply&, const wire::CallContext&, const wire::PutRequest&) override;
  void remove(wire::WriteReply&, const wire::CallContext&, const wire::RemoveRequest&) override;
  void list_buckets(std::vector<wire::BucketInfo>&, const wire::CallContext&) override;
  void list_bucket_entries(std::vector<wire::BucketEntry>&, const wire::CallContext&,
                           int64_t bucket) override;
  void fetch_bucket_documents(std::vector<wire::BucketEntry>&, const wire::CallContext&,
                              int64_t bucket, const std::vector<std::string>& gids) override;
  int32_t apply_bucket_entries(const wire::CallContext&, int64_t bucket,
                               const std::vector<wire::BucketEntry>& entries) override;
  void delete_bucket(const wire::CallContext&, int64_t bucket) override;
  void set_bucket_state(const wire::CallContext&, int64_t bucket, bool ready, bool active) override;
  void feed_put(wire::FeedReply&, const wire::CallContext&, const wire::FeedPutRequest&) override;
  void feed_update(wire::FeedReply&, const wire::CallContext&, const wire::FeedUpdateRequest&) override;
  void feed_remove(wire::FeedReply&, const wire::CallContext&, const wire::FeedRemoveRequest&) override;
  void visit(wire::VisitReply&, const wire::CallContext&, const wire::VisitRequest&) override;
  // One FeedReply per operation (Distributor::execute_batch); a GroveError only for the whole
  // batch (stopping, overloaded, no time left).
  void feed_batch(std::vector<wire::FeedReply>&, const wire::CallContext&,
                  const std::vector<wire::FeedOperation>&) override;
  // One result per write (ContentNode::write_batch).
  void write_batch(std::vector<wire::ReplicaWriteResult>&, const wire::CallContext&,
                   const std::vector<wire::ReplicaWrite>&) override;

  // Marks the node as stopping; pings report it so that callers stop sending.
  void set_stopping() { stopping_ = true; }

 private:
  // Refuses a call with no time left; returns its deadline otherwise.
  Deadline admit(const wire::CallContext& ctx, const char* call) const;

  ContentNode& node_;
  Distributor& distributor_;
  const Clock& clock_;
  std::atomic<bool> stopping_{false};
};

}  // namespace grove::content
