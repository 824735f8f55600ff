#include "content/rpc/content_service_handler.h"

#include "content/rpc/batch_convert.h"
#include "content/rpc/wire_convert.h"
#include "services/idl/wire_status.h"

namespace grove::content {

namespace {

template <typename T>
T take(Result<T> result) {
  throw_if_error(result.status());
  return std::move(result).value();
}

distribution::BucketId bucket_from_wire(int64_t bucket) {
  return distribution::BucketId(static_cast<uint64_t>(bucket));
}

}  // namespace

Deadline ContentServiceHandler::admit(const wire::CallContext& ctx, const char* call) const {
  if (ctx.timeout_ms <= 0) {
    throw_if_error(Status::DeadlineExceeded(std::string(call) + ": the deadline had passed on arrival"));
  }
  if (stopping_ && std::string_view(call) != "ping") {
    throw_if_error(Status::Unavailable(std::string(call) + ": the node is stopping"));
  }
  return Deadline::after(clock_, std::chrono::milliseconds(ctx.timeout_ms));
}

void ContentServiceHandler::ping(wire::PingReply& reply, const wire::CallContext& ctx) {
  admit(ctx, "ping");
  NodeCounts counts = node_.counts();
  reply.state = stopping_ ? wire::NodeServiceState::STOPPING : wire::NodeServiceState::UP;
  reply.distribution_key = static_cast<int16_t>(node_.options().distribution_key);
  reply.cluster = node_.cluster();
  reply.active_docs = static_cast<int64_t>(counts.active_documents);
  reply.total_docs = static_cast<int64_t>(counts.total_documents);
  reply.buckets = static_cast<int64_t>(counts.buckets);
  reply.config_generation = static_cast<int64_t>(node_.options().config_generation);
  QueryCostModel::Estimate cost = node_.query_cost();
  reply.static_query_cost_ms = cost.sqc_ms;
  reply.document_query_cost_ms = cost.dqc_ms;
}

void ContentServiceHandler::search(wire::SearchReply& reply, const wire::CallContext& ctx,
                                   const wire::SearchRequest& request) {
  admit(ctx, "search");
  search::SearchRequest internal = take(from_wire(request));
  std::vector<search::SortSpec> order = internal.order_by;
  NodeSearchResult result = take(node_.search(request.document_type, std::move(internal)));
  reply = to_wire(result, node_.options().distribution_key, order);
}

void ContentServiceHandler::docsum(wire::DocsumReply& reply, const wire::CallContext& ctx,
                                   const wire::DocsumRequest& request) {
  admit(ctx, "docsum");
  std::vector<distribution::Gid> gids;
  gids.reserve(request.gids.size());
  for (const auto& g : request.gids) gids.push_back(take(gid_from_wire(g)));
  auto sums = take(node_.docsums(request.document_type, request.summary_class, gids));
  for (const auto& s : sums) {
    wire::Docsum d;
    d.gid = gid_to_wire(s.gid);
    d.found = s.found;
    d.fields_json = s.fields_json;
    reply.docsums.push_back(std::move(d));
  }
}

void ContentServiceHandler::term_stats(wire::TermStatsReply& reply, const wire::CallContext& ctx,
                                       const wire::SearchRequest& request) {
  admit(ctx, "term_stats");
  search::QueryTree query = take(from_wire(request.query));
  reply.stats = to_wire(take(node_.term_stats(request.document_type, query)));
}

void ContentServiceHandler::get(wire::GetReply& reply, const wire::CallContext& ctx,
                                const wire::GetRequest& request) {
  admit(ctx, "get");
  NodeDocument doc = take(node_.get(request.document_id));
  reply.found = doc.found;
  reply.removed = doc.removed;
  reply.timestamp = static_cast<int64_t>(doc.timestamp);
  reply.fields_json = std::move(doc.fields_json);
}

void ContentServiceHandler::put(wire::WriteReply& reply, const wire::CallContext& ctx,
                                const wire::PutRequest& request) {
  Deadline deadline = admit(ctx, "put");
  if (request.timestamp <= 0) throw_if_error(Status::InvalidArgument("put: the timestamp must be positive"));
  reply.applied = take(node_.put(request.document_id, static_cast<uint64_t>(request.timestamp),
                                 request.document, deadline));
}

void ContentServiceHandler::remove(wire::WriteReply& reply, const wire::CallContext& ctx,
                                   const wire::RemoveRequest& request) {
  Deadline deadline = admit(ctx, "remove");
  if (request.timestamp <= 0) throw_if_error(Status::InvalidArgument("remove: the timestamp must be positive"));
  reply.applied = take(node_.remove(request.document_id, static_cast<uint64_t>(request.timestamp), deadline));
}

void ContentServiceHandler::list_buckets(std::vector<wire::BucketInfo>& reply,
                                         const wire::CallContext& ctx) {
  admit(ctx, "list_buckets");
  for (const auto& b : take(node_.list_buckets())) reply.push_back(to_wire(b));
}

void ContentServiceHandler::list_bucket_entries(std::vector<wire::BucketEntry>& reply,
                                                const wire::CallContext& ctx, int64_t bucket) {
  admit(ctx, "list_bucket_entries");
  for (const auto& e : take(node_.list_bucket_entries(bucket_from_wire(bucket)))) {
    reply.push_back(to_wire(e));
  }
}

void ContentServiceHandler::fetch_bucket_documents(std::vector<wire::BucketEntry>& reply,
                                                   const wire::CallContext& ctx, int64_t bucket,
                                                   const std::vector<std::string>& gids) {
  admit(ctx, "fetch_bucket_documents");
  std::vector<distribution::Gid> wanted;
  for (const auto& g : gids) wanted.push_back(take(gid_from_wire(g)));
  for (const auto& e : take(node_.fetch_bucket_documents(bucket_from_wire(bucket), wanted))) {
    reply.push_back(to_wire(e, true));
  }
}

int32_t ContentServiceHandler::apply_bucket_entries(const wire::CallContext& ctx, int64_t bucket,
                                                    const std::vector<wire::BucketEntry>& entries) {
  admit(ctx, "apply_bucket_entries");
  std::vector<store::DocumentEntry> internal;
  for (const auto& e : entries) internal.push_back(take(from_wire(e)));
  return static_cast<int32_t>(take(node_.apply_bucket_entries(bucket_from_wire(bucket), std::move(internal))));
}

void ContentServiceHandler::delete_bucket(const wire::CallContext& ctx, int64_t bucket) {
  admit(ctx, "delete_bucket");
  throw_if_error(node_.delete_bucket(bucket_from_wire(bucket)));
}

void ContentServiceHandler::set_bucket_state(const wire::CallContext& ctx, int64_t bucket,
                                             bool ready, bool active) {
  admit(ctx, "set_bucket_state");
  throw_if_error(node_.set_bucket_state(bucket_from_wire(bucket), ready, active));
}

void ContentServiceHandler::feed_put(wire::FeedReply& reply, const wire::CallContext& ctx,
                                     const wire::FeedPutRequest& request) {
  Deadline deadline = admit(ctx, "feed_put");
  // The generated processor reads the request into a non-const local that it drops after this
  // call, so moving the document out (instead of copying it per put) is safe.
  auto& owned = const_cast<wire::FeedPutRequest&>(request);
  FeedResult result = take(distributor_.put(from_wire(std::move(owned)), deadline));
  reply = to_wire(result, distributor_.cluster_state());
}

void ContentServiceHandler::feed_update(wire::FeedReply& reply, const wire::CallContext& ctx,
                                        const wire::FeedUpdateRequest& request) {
  Deadline deadline = admit(ctx, "feed_update");
  FeedResult result = take(distributor_.update(from_wire(request), deadline));
  reply = to_wire(result, distributor_.cluster_state());
}

void ContentServiceHandler::feed_remove(wire::FeedReply& reply, const wire::CallContext& ctx,
                                        const wire::FeedRemoveRequest& request) {
  Deadline deadline = admit(ctx, "feed_remove");
  FeedResult result = take(distributor_.remove(from_wire(request), deadline));
  reply = to_wire(result, distributor_.cluster_state());
}

void ContentServiceHandler::visit(wire::VisitReply& reply, const wire::CallContext& ctx,
                                  const wire::VisitRequest& request) {
  admit(ctx, "visit");
  VisitSpec spec = take(from_wire(request, node_.types()));
  reply = to_wire(take(visit_documents(node_, spec)));
}

void ContentServiceHandler::feed_batch(std::vector<wire::FeedReply>& reply,
                                       const wire::CallContext& ctx,
                                       const std::vector<wire::FeedOperation>& operations) {
  Deadline deadline = admit(ctx, "feed_batch");
  // As in feed_put: the processor drops its non-const copy of the request after this call.
  auto& owned = const_cast<std::vector<wire::FeedOperation>&>(operations);
  std::vector<FeedBatchOp> ops;
  ops.reserve(owned.size());
  std::vector<std::optional<Status>> refused(owned.size());
  for (size_t i = 0; i < owned.size(); ++i) {
    Result<FeedBatchOp> op = from_wire(std::move(owned[i]), clock_, deadline);
    if (op.ok()) {
      ops.push_back(std::move(op).value());
    } else {
      refused[i] = op.status();
    }
  }
  std::vector<Result<FeedResult>> results = take(distributor_.execute_batch(std::move(ops), deadline));
  reply.reserve(owned.size());
  auto next = results.begin();
  for (size_t i = 0; i < owned.size(); ++i) {
    reply.push_back(to_wire(refused[i] ? Result<FeedResult>(*refused[i]) : std::move(*next++),
                            distributor_.cluster_state()));
  }
}

void ContentServiceHandler::write_batch(std::vector<wire::ReplicaWriteResult>& reply,
                                        const wire::CallContext& ctx,
                                        const std::vector<wire::ReplicaWrite>& writes) {
  Deadline deadline = admit(ctx, "write_batch");
  auto& owned = const_cast<std::vector<wire::ReplicaWrite>&>(writes);  // as in feed_put
  std::vector<ReplicaWrite> internal = take(from_wire(std::move(owned)));
  std::vector<Result<bool>> results = node_.write_batch(std::move(internal), deadline);
  reply.reserve(results.size());
  for (const Result<bool>& r : results) reply.push_back(to_wire(r));
}

}  // namespace grove::content
