#include "content/rpc/content_service_handler.h"

#include "services/idl/protocol_wire.h"
#include "services/idl/wire_status.h"

namespace grove::content {

namespace {

template <typename T>
T take(Result<T> result) {
  throw_if_error(result.status());
  return std::move(result).value();
}

// The generated processor reads each request into a non-const local that it drops after the
// handler returns, so moving out of it (instead of copying documents) is safe.
template <typename T>
T&& owned(const T& request) {
  return std::move(const_cast<T&>(request));
}

}  // namespace

Deadline ContentServiceHandler::deadline_of(const wire::CallContext& ctx) const {
  return Deadline::after(service_.clock(), std::chrono::milliseconds(std::max(0, ctx.timeout_ms)));
}

void ContentServiceHandler::ping(wire::PingReply& reply, const wire::CallContext& ctx) {
  reply = idl::to_wire(take(service_.ping({}, deadline_of(ctx))));
}

void ContentServiceHandler::set_cluster_state(wire::SetClusterStateReply& reply, const wire::CallContext& ctx,
                                              const wire::SetClusterStateRequest& request) {
  reply = idl::to_wire(
      take(service_.set_cluster_state(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::search(wire::SearchReply& reply, const wire::CallContext& ctx,
                                   const wire::SearchRequest& request) {
  reply = idl::to_wire(take(service_.search(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::docsum(wire::DocsumReply& reply, const wire::CallContext& ctx,
                                   const wire::DocsumRequest& request) {
  reply = idl::to_wire(take(service_.docsum(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::term_stats(wire::TermStatsReply& reply, const wire::CallContext& ctx,
                                       const wire::SearchRequest& request) {
  reply = idl::to_wire(take(service_.term_stats(idl::term_stats_from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::get(wire::GetReply& reply, const wire::CallContext& ctx,
                                const wire::GetRequest& request) {
  reply = idl::to_wire(take(service_.get(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::visit(wire::VisitReply& reply, const wire::CallContext& ctx,
                                  const wire::VisitRequest& request) {
  reply = idl::to_wire(take(service_.visit(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::feed_batch(std::vector<wire::FeedReply>& reply, const wire::CallContext& ctx,
                                       const std::vector<wire::FeedOperation>& operations) {
  Deadline deadline = deadline_of(ctx);
  protocol::FeedBatchRequest request = take(idl::from_wire(owned(operations)));
  reply = idl::to_wire(take(service_.feed_batch(std::move(request), deadline)));
}

void ContentServiceHandler::write_batch(std::vector<wire::ReplicaWriteResult>& reply,
                                        const wire::CallContext& ctx,
                                        const std::vector<wire::ReplicaWrite>& writes) {
  reply = idl::to_wire(take(service_.write_batch(idl::from_wire(owned(writes)), deadline_of(ctx))));
}

void ContentServiceHandler::list_buckets(std::vector<wire::BucketInfo>& reply, const wire::CallContext& ctx,
                                         const wire::ListBucketsRequest& request) {
  reply = idl::to_wire(take(service_.list_buckets(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::bucket_entries(wire::BucketEntriesReply& reply, const wire::CallContext& ctx,
                                           const wire::BucketEntriesRequest& request) {
  reply = idl::to_wire(take(service_.bucket_entries(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::fetch_entries(wire::FetchEntriesReply& reply, const wire::CallContext& ctx,
                                          const wire::FetchEntriesRequest& request) {
  reply = idl::to_wire(take(service_.fetch_entries(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::apply_entries(wire::ApplyEntriesReply& reply, const wire::CallContext& ctx,
                                          const wire::ApplyEntriesRequest& request) {
  reply = idl::to_wire(take(service_.apply_entries(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::set_bucket_states(wire::SetBucketStatesReply& reply, const wire::CallContext& ctx,
                                              const wire::SetBucketStatesRequest& request) {
  reply = idl::to_wire(take(service_.set_bucket_states(idl::from_wire(owned(request)), deadline_of(ctx))));
}

void ContentServiceHandler::delete_buckets(wire::DeleteBucketsReply& reply, const wire::CallContext& ctx,
                                           const wire::DeleteBucketsRequest& request) {
  reply = idl::to_wire(take(service_.delete_buckets(idl::from_wire(owned(request)), deadline_of(ctx))));
}

}  // namespace grove::content
