#include "content/rpc/node_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "content/rpc/protocol_convert.h"

namespace grove::content {

Status NodeService::admit(const Deadline& deadline, const char* call) const {
  if (deadline.expired(clock_)) {
    return Status::DeadlineExceeded(fmt::format("{}: the deadline had passed on arrival", call));
  }
  if (stopping_ && std::string_view(call) != "ping") {
    return Status::Unavailable(fmt::format("{}: the node is stopping", call));
  }
  if (node_.load() == nullptr && std::string_view(call) != "ping") {
    return Status::Unavailable(fmt::format("{}: the node is initializing (rebuilding its indexes)", call));
  }
  return Status::Ok();
}

Result<CallLimit::Slot> NodeService::enter_merge(const char* call) {
  const size_t limit = node().max_merges_per_node();
  std::optional<CallLimit::Slot> slot = merges_.try_enter(limit);
  if (!slot) {
    return Status::ResourceExhausted(fmt::format("{}: merge throttled: {} merge calls in flight on node {} "
                                                 "(merges_max_per_node); retry",
                                                 call, limit, key_));
  }
  return std::move(*slot);
}

Result<protocol::PingReply> NodeService::ping(const protocol::PingRequest&, Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "ping"));
  if (node_.load() == nullptr) {
    return protocol::PingReply{.state = protocol::NodeServiceState::kInitializing,
                               .distribution_key = key_,
                               .cluster = starting_cluster_};
  }
  NodeCounts counts = node().counts();
  QueryCostModel::Estimate cost = node().query_cost();
  protocol::PingReply reply{
      .state = stopping_ ? protocol::NodeServiceState::kStopping : protocol::NodeServiceState::kUp,
      .distribution_key = node().options().distribution_key,
      .cluster = node().cluster(),
      .active_docs = static_cast<int64_t>(counts.active_documents),
      .total_docs = static_cast<int64_t>(counts.total_documents),
      .buckets = static_cast<int64_t>(counts.buckets),
      .config_generation = static_cast<int64_t>(node().config_generation()),
      .static_query_cost_ms = cost.sqc_ms,
      .document_query_cost_ms = cost.dqc_ms,
      .cluster_state_version = node().cluster_state_version(),
      .layout_id = node().layout_id(),
      .previous_layout_id = node().previous_layout_id(),
      .previous_layout_docs = static_cast<int64_t>(counts.previous_layout_documents)};
  if (const BucketMaintainer* maintainer = distributor().maintainer()) reply.maintenance = maintainer->stats();
  return reply;
}

Result<protocol::SetClusterStateReply> NodeService::set_cluster_state(
    const protocol::SetClusterStateRequest& request, Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "set_cluster_state"));
  GROVE_ASSIGN_OR_RETURN(distribution::ClusterState state, distribution::ClusterState::parse(request.cluster_state));
  GROVE_ASSIGN_OR_RETURN(uint32_t version, node().set_cluster_state(std::move(state)));
  return protocol::SetClusterStateReply{.version = version};
}

Result<protocol::TermStatsReply> NodeService::term_stats(const protocol::TermStatsRequest& request,
                                                         Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "term_stats"));
  GROVE_ASSIGN_OR_RETURN(search::QueryTree query, from_protocol(request.query));
  GROVE_ASSIGN_OR_RETURN(search::CorpusStats stats, node().term_stats(request.document_type, query));
  return protocol::TermStatsReply{to_protocol(stats)};
}

Result<protocol::SearchReply> NodeService::search(const protocol::SearchRequest& request, Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "search"));
  GROVE_ASSIGN_OR_RETURN(search::SearchRequest internal, from_protocol(request));
  std::vector<search::SortSpec> order = internal.order_by;
  GROVE_ASSIGN_OR_RETURN(NodeSearchResult result,
                         node().search(request.document_type, std::move(internal), request.layout));
  return to_protocol(result, node().options().distribution_key, order);
}

Result<protocol::DocsumReply> NodeService::docsum(const protocol::DocsumRequest& request, Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "docsum"));
  std::vector<distribution::Gid> gids;
  gids.reserve(request.gids.size());
  for (const std::string& g : request.gids) {
    GROVE_ASSIGN_OR_RETURN(distribution::Gid gid, gid_from_bytes(g));
    gids.push_back(gid);
  }
  GROVE_ASSIGN_OR_RETURN(auto sums, node().docsums(request.document_type, request.summary_class, gids));
  protocol::DocsumReply reply;
  reply.docsums.reserve(sums.size());
  for (auto& s : sums) reply.docsums.push_back({gid_bytes(s.gid), s.found, std::move(s.fields_json)});
  return reply;
}

Result<protocol::GetReply> NodeService::get(const protocol::GetRequest& request, Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "get"));
  GROVE_ASSIGN_OR_RETURN(NodeDocument doc, node().get(request.document_id));
  return protocol::GetReply{.found = doc.found, .timestamp = static_cast<int64_t>(doc.timestamp),
                            .removed = doc.removed, .fields_json = std::move(doc.fields_json)};
}

Result<protocol::VisitReply> NodeService::visit(const protocol::VisitRequest& request, Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "visit"));
  GROVE_ASSIGN_OR_RETURN(VisitSpec spec, from_protocol(request, node().types()));
  GROVE_ASSIGN_OR_RETURN(VisitPage page, visit_documents(node(), spec));
  return to_protocol(std::move(page));
}

Result<protocol::FeedBatchReply> NodeService::feed_batch(protocol::FeedBatchRequest request, Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "feed_batch"));
  std::vector<FeedBatchOp> ops;
  ops.reserve(request.operations.size());
  for (protocol::FeedOperation& op : request.operations) {
    ops.push_back(from_protocol(std::move(op), clock_, deadline));
  }
  GROVE_ASSIGN_OR_RETURN(std::vector<Result<FeedResult>> results,
                         distributor().execute_batch(std::move(ops), deadline));
  protocol::FeedBatchReply reply;
  reply.replies.reserve(results.size());
  const std::shared_ptr<const distribution::ClusterState> state = distributor().cluster_state();
  for (const Result<FeedResult>& r : results) reply.replies.push_back(to_protocol(r, state.get()));
  return reply;
}

Result<protocol::WriteBatchReply> NodeService::write_batch(protocol::WriteBatchRequest request,
                                                           Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "write_batch"));
  GROVE_ASSIGN_OR_RETURN(std::vector<ReplicaWrite> writes, from_protocol(std::move(request.writes)));
  std::vector<Result<bool>> results = node().write_batch(std::move(writes), deadline);
  protocol::WriteBatchReply reply;
  reply.results.reserve(results.size());
  for (const Result<bool>& r : results) reply.results.push_back(to_protocol(r));
  return reply;
}

Result<protocol::ListBucketsReply> NodeService::list_buckets(const protocol::ListBucketsRequest& request,
                                                             Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "list_buckets"));
  std::vector<store::BucketSummary> buckets;
  if (request.buckets.empty()) {
    GROVE_ASSIGN_OR_RETURN(buckets, node().list_buckets());
  } else {
    std::vector<distribution::BucketId> wanted = bucket_ids(request.buckets);
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    GROVE_ASSIGN_OR_RETURN(buckets, node().bucket_infos(wanted));
  }
  protocol::ListBucketsReply reply;
  reply.buckets.reserve(buckets.size());
  for (const auto& b : buckets) reply.buckets.push_back(info_of(b));
  return reply;
}

protocol::BucketInfo NodeService::info_of(const store::BucketSummary& bucket) const {
  protocol::BucketInfo info = to_protocol(bucket);
  info.previous_active = node().previous_layout_active(bucket.bucket) || (info.active && node().keeps_active());
  return info;
}

Result<std::vector<protocol::BucketInfo>> NodeService::infos_of(
    const std::vector<distribution::BucketId>& buckets) const {
  // bucket_infos() leaves out the buckets the node does not hold, in the order asked.
  GROVE_ASSIGN_OR_RETURN(std::vector<store::BucketSummary> held, node().bucket_infos(buckets));
  std::vector<protocol::BucketInfo> out;
  out.reserve(buckets.size());
  size_t next = 0;
  for (distribution::BucketId b : buckets) {
    if (next < held.size() && held[next].bucket == b) {
      out.push_back(info_of(held[next++]));
    } else {
      out.push_back(protocol::BucketInfo{.bucket = b.raw()});
    }
  }
  return out;
}

Result<protocol::BucketEntriesReply> NodeService::bucket_entries(const protocol::BucketEntriesRequest& request,
                                                                 Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "bucket_entries"));
  GROVE_ASSIGN_OR_RETURN(CallLimit::Slot merge_slot, enter_merge("bucket_entries"));
  protocol::BucketEntriesReply reply;
  reply.buckets.reserve(request.buckets.size());
  for (distribution::BucketId b : bucket_ids(request.buckets)) {
    GROVE_ASSIGN_OR_RETURN(std::vector<store::EntryMeta> entries, node().list_bucket_entries(b));
    reply.buckets.push_back(to_protocol(b, entries));
  }
  return reply;
}

Result<protocol::FetchEntriesReply> NodeService::fetch_entries(const protocol::FetchEntriesRequest& request,
                                                               Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "fetch_entries"));
  GROVE_ASSIGN_OR_RETURN(CallLimit::Slot merge_slot, enter_merge("fetch_entries"));
  std::vector<std::vector<distribution::Gid>> gids;
  gids.reserve(request.buckets.size());
  for (const protocol::BucketGids& b : request.buckets) {
    GROVE_ASSIGN_OR_RETURN(std::vector<distribution::Gid> bucket_gids, from_protocol(b, "fetch_entries"));
    gids.push_back(std::move(bucket_gids));
  }
  protocol::FetchEntriesReply reply;
  reply.buckets.reserve(request.buckets.size());
  for (size_t i = 0; i < request.buckets.size(); ++i) {
    const distribution::BucketId bucket(request.buckets[i].bucket);
    GROVE_ASSIGN_OR_RETURN(std::vector<store::DocumentEntry> entries, node().fetch_bucket_documents(bucket, gids[i]));
    reply.buckets.push_back(to_protocol(bucket, std::move(entries)));
  }
  return reply;
}

Result<protocol::ApplyEntriesReply> NodeService::apply_entries(protocol::ApplyEntriesRequest request,
                                                               Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "apply_entries"));
  GROVE_ASSIGN_OR_RETURN(CallLimit::Slot merge_slot, enter_merge("apply_entries"));
  std::vector<distribution::BucketId> buckets;
  std::vector<std::vector<store::DocumentEntry>> entries;
  buckets.reserve(request.buckets.size());
  entries.reserve(request.buckets.size());
  for (protocol::BucketEntries& b : request.buckets) {
    buckets.emplace_back(b.bucket);
    GROVE_ASSIGN_OR_RETURN(std::vector<store::DocumentEntry> bucket_entries,
                           from_protocol(std::move(b), "apply_entries"));
    entries.push_back(std::move(bucket_entries));
  }
  protocol::ApplyEntriesReply reply;
  for (size_t i = 0; i < buckets.size(); ++i) {
    GROVE_ASSIGN_OR_RETURN(size_t applied, node().apply_bucket_entries(buckets[i], std::move(entries[i])));
    reply.applied += static_cast<int64_t>(applied);
  }
  GROVE_ASSIGN_OR_RETURN(reply.buckets, infos_of(buckets));
  return reply;
}

Result<protocol::SetBucketStatesReply> NodeService::set_bucket_states(
    const protocol::SetBucketStatesRequest& request, Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "set_bucket_states"));
  std::vector<ContentNode::BucketRoleChange> changes;
  std::vector<distribution::BucketId> buckets;
  changes.reserve(request.states.size());
  buckets.reserve(request.states.size());
  for (const protocol::BucketState& state : request.states) {
    changes.push_back(from_protocol(state));
    buckets.push_back(changes.back().bucket);
  }
  GROVE_RETURN_IF_ERROR(node().set_bucket_states(changes));
  GROVE_ASSIGN_OR_RETURN(std::vector<protocol::BucketInfo> infos, infos_of(buckets));
  return protocol::SetBucketStatesReply{std::move(infos)};
}

Result<protocol::DeleteBucketsReply> NodeService::delete_buckets(const protocol::DeleteBucketsRequest& request,
                                                                 Deadline deadline) {
  GROVE_RETURN_IF_ERROR(admit(deadline, "delete_buckets"));
  protocol::DeleteBucketsReply reply;
  for (distribution::BucketId b : bucket_ids(request.buckets)) {
    GROVE_ASSIGN_OR_RETURN(uint64_t documents, node().delete_bucket(b));
    reply.documents += static_cast<int64_t>(documents);
  }
  return reply;
}

}  // namespace grove::content
