#pragma once

// ContentServiceHandler: the Thrift handler of grove-content. Every call converts the wire
// request to the protocol's message (services/idl/protocol_wire, the one converter), runs it on
// the NodeService (the same code the in-process LocalContentService runs) and converts the reply
// back; a failure travels as GroveError with its Status code (services/idl/wire_status). A call
// that arrives with no time left is refused with DEADLINE_EXCEEDED and not executed.
//
// Owned by the ContentServer; thread-safe (called from the server's worker threads). Borrows the
// NodeService, which must outlive it.

#include "content/rpc/node_service.h"
#include "services/idl/ContentService.h"

namespace grove::content {

class ContentServiceHandler : public wire::ContentServiceIf {
 public:
  explicit ContentServiceHandler(NodeService& service) : service_(service) {}

  void ping(wire::PingReply& reply, const wire::CallContext& ctx) override;
  void set_cluster_state(wire::SetClusterStateReply& reply, const wire::CallContext& ctx,
                         const wire::SetClusterStateRequest& request) override;
  void search(wire::SearchReply&, const wire::CallContext&, const wire::SearchRequest&) override;
  void docsum(wire::DocsumReply&, const wire::CallContext&, const wire::DocsumRequest&) override;
  void term_stats(wire::TermStatsReply&, const wire::CallContext&, const wire::SearchRequest&) override;
  void get(wire::GetReply&, const wire::CallContext&, const wire::GetRequest&) override;
  void visit(wire::VisitReply&, const wire::CallContext&, const wire::VisitRequest&) override;
  void feed_batch(std::vector<wire::FeedReply>&, const wire::CallContext&,
                  const std::vector<wire::FeedOperation>&) override;
  void write_batch(std::vector<wire::ReplicaWriteResult>&, const wire::CallContext&,
                   const std::vector<wire::ReplicaWrite>&) override;
  void list_buckets(std::vector<wire::BucketInfo>&, const wire::CallContext&,
                    const wire::ListBucketsRequest&) override;
  void bucket_entries(wire::BucketEntriesReply&, const wire::CallContext&,
                      const wire::BucketEntriesRequest&) override;
  void fetch_entries(wire::FetchEntriesReply&, const wire::CallContext&, const wire::FetchEntriesRequest&) override;
  void apply_entries(wire::ApplyEntriesReply&, const wire::CallContext&, const wire::ApplyEntriesRequest&) override;
  void set_bucket_states(wire::SetBucketStatesReply&, const wire::CallContext&,
                         const wire::SetBucketStatesRequest&) override;
  void delete_buckets(wire::DeleteBucketsReply&, const wire::CallContext&,
                      const wire::DeleteBucketsRequest&) override;

 private:
  // The call's deadline: the time left that the caller sent, from now.
  Deadline deadline_of(const wire::CallContext& ctx) const;

  NodeService& service_;
};

}  // namespace grove::content
