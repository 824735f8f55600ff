#include "services/idl/protocol_wire.h"

#include <utility>

#include "services/idl/wire_status.h"

namespace grove::idl {

namespace {

// Converts every element of a list with the matching overload.
template <typename To, typename From, typename Convert>
std::vector<To> convert_all(From&& from, Convert convert) {
  std::vector<To> out;
  out.reserve(from.size());
  for (auto& item : from) out.push_back(convert(std::move(item)));
  return out;
}

template <typename T>
std::optional<T> optional_of(bool isset, T&& value) {
  return isset ? std::optional<T>(std::forward<T>(value)) : std::nullopt;
}

}  // namespace

// ---- node ----

namespace {

protocol::MaintenanceReport maintenance_from_wire(const wire::MaintenanceReport& w) {
  return {.state_version = static_cast<uint32_t>(w.state_version),
          .layout = static_cast<uint64_t>(w.layout),
          .buckets = w.buckets,
          .pending = w.pending,
          .pending_merge = w.pending_merge,
          .too_few_copies = w.too_few_copies,
          .too_many_copies = w.too_many_copies,
          .out_of_sync = w.out_of_sync,
          .without_active = w.without_active,
          .documents_moved = w.documents_moved,
          .bytes_moved = w.bytes_moved,
          .cycles = w.cycles,
          .roles_pending = w.roles_pending};
}

}  // namespace

wire::PingReply to_wire(const protocol::PingReply& r) {
  wire::PingReply w;
  w.state = static_cast<wire::NodeServiceState::type>(r.state);
  w.distribution_key = static_cast<int16_t>(r.distribution_key);
  w.cluster = r.cluster;
  w.active_docs = r.active_docs;
  w.total_docs = r.total_docs;
  w.buckets = r.buckets;
  w.config_generation = r.config_generation;
  w.static_query_cost_ms = r.static_query_cost_ms;
  w.document_query_cost_ms = r.document_query_cost_ms;
  w.cluster_state_version = static_cast<int32_t>(r.cluster_state_version);
  if (r.layout_id != 0) w.__set_layout_id(static_cast<int64_t>(r.layout_id));
  if (r.previous_layout_id != 0) {
    w.__set_previous_layout_id(static_cast<int64_t>(r.previous_layout_id));
    w.__set_previous_layout_docs(r.previous_layout_docs);
  }
  if (r.maintenance != protocol::MaintenanceReport{}) {
    const auto& m = r.maintenance;
    wire::MaintenanceReport wm;
    wm.state_version = static_cast<int32_t>(m.state_version);
    wm.layout = static_cast<int64_t>(m.layout);
    wm.buckets = m.buckets;
    wm.pending = m.pending;
    wm.pending_merge = m.pending_merge;
    wm.too_few_copies = m.too_few_copies;
    wm.too_many_copies = m.too_many_copies;
    wm.out_of_sync = m.out_of_sync;
    wm.without_active = m.without_active;
    wm.documents_moved = m.documents_moved;
    wm.bytes_moved = m.bytes_moved;
    wm.cycles = m.cycles;
    wm.roles_pending = m.roles_pending;
    w.__set_maintenance(std::move(wm));
  }
  return w;
}

protocol::PingReply from_wire(wire::PingReply&& w) {
  return {.state = static_cast<protocol::NodeServiceState>(w.state),
          .distribution_key = static_cast<uint16_t>(w.distribution_key),
          .cluster = std::move(w.cluster),
          .active_docs = w.active_docs,
          .total_docs = w.total_docs,
          .buckets = w.buckets,
          .config_generation = w.config_generation,
          .static_query_cost_ms = w.static_query_cost_ms,
          .document_query_cost_ms = w.document_query_cost_ms,
          .cluster_state_version = static_cast<uint32_t>(w.cluster_state_version),
          .layout_id = static_cast<uint64_t>(w.layout_id),
          .previous_layout_id = static_cast<uint64_t>(w.previous_layout_id),
          .previous_layout_docs = w.previous_layout_docs,
          .maintenance = w.__isset.maintenance ? maintenance_from_wire(w.maintenance)
                                               : protocol::MaintenanceReport{}};
}

wire::SetClusterStateRequest to_wire(const protocol::SetClusterStateRequest& r) {
  wire::SetClusterStateRequest w;
  w.cluster_state = r.cluster_state;
  return w;
}

protocol::SetClusterStateRequest from_wire(wire::SetClusterStateRequest&& w) {
  return {.cluster_state = std::move(w.cluster_state)};
}

wire::SetClusterStateReply to_wire(const protocol::SetClusterStateReply& r) {
  wire::SetClusterStateReply w;
  w.version = static_cast<int32_t>(r.version);
  return w;
}

protocol::SetClusterStateReply from_wire(wire::SetClusterStateReply&& w) {
  return {.version = static_cast<uint32_t>(w.version)};
}

// ---- search ----

namespace {

wire::QueryNode node_to_wire(const protocol::QueryNode& n) {
  wire::QueryNode w;
  w.kind = static_cast<wire::QueryNodeKind::type>(n.kind);
  w.children = n.children;
  w.field = n.field;
  w.term = n.term;
  w.phrase_terms = n.phrase_terms;
  if (n.lower) w.__set_lower(*n.lower);
  if (n.upper) w.__set_upper(*n.upper);
  w.lower_inclusive = n.lower_inclusive;
  w.upper_inclusive = n.upper_inclusive;
  w.target_hits = n.target_hits;
  w.weight = n.weight;
  return w;
}

protocol::QueryNode node_from_wire(wire::QueryNode&& w) {
  return {.kind = static_cast<protocol::QueryNodeKind>(w.kind),
          .children = std::move(w.children),
          .field = std::move(w.field),
          .term = std::move(w.term),
          .phrase_terms = std::move(w.phrase_terms),
          .lower = optional_of(w.__isset.lower, std::move(w.lower)),
          .upper = optional_of(w.__isset.upper, std::move(w.upper)),
          .lower_inclusive = w.lower_inclusive,
          .upper_inclusive = w.upper_inclusive,
          .target_hits = w.target_hits,
          .weight = w.weight};
}

wire::SearchHit hit_to_wire(const protocol::SearchHit& h) {
  wire::SearchHit w;
  w.gid = h.gid;
  w.relevance = h.relevance;
  if (h.sort_data) w.__set_sort_data(*h.sort_data);
  w.distribution_key = static_cast<int16_t>(h.distribution_key);
  return w;
}

protocol::SearchHit hit_from_wire(wire::SearchHit&& w) {
  return {.gid = std::move(w.gid),
          .relevance = w.relevance,
          .sort_data = optional_of(w.__isset.sort_data, std::move(w.sort_data)),
          .distribution_key = static_cast<uint16_t>(w.distribution_key)};
}

}  // namespace

wire::QueryTree to_wire(const protocol::QueryTree& tree) {
  wire::QueryTree w;
  w.nodes = convert_all<wire::QueryNode>(tree.nodes, node_to_wire);
  w.root = tree.root;
  return w;
}

protocol::QueryTree from_wire(wire::QueryTree&& w) {
  return {.nodes = convert_all<protocol::QueryNode>(w.nodes, node_from_wire), .root = w.root};
}

wire::GlobalStats to_wire(const protocol::GlobalStats& s) {
  wire::GlobalStats w;
  w.total_documents = s.total_documents;
  w.terms = convert_all<wire::TermStats>(s.terms, [](const protocol::TermStats& t) {
    wire::TermStats wt;
    wt.field = t.field;
    wt.term = t.term;
    wt.document_frequency = t.document_frequency;
    return wt;
  });
  w.fields = convert_all<wire::FieldStats>(s.fields, [](const protocol::FieldStats& f) {
    wire::FieldStats wf;
    wf.field = f.field;
    wf.length_sum = f.length_sum;
    wf.document_count = f.document_count;
    return wf;
  });
  return w;
}

protocol::GlobalStats from_wire(wire::GlobalStats&& w) {
  protocol::GlobalStats s;
  s.total_documents = w.total_documents;
  s.terms = convert_all<protocol::TermStats>(w.terms, [](wire::TermStats&& t) {
    return protocol::TermStats{std::move(t.field), std::move(t.term), t.document_frequency};
  });
  s.fields = convert_all<protocol::FieldStats>(w.fields, [](wire::FieldStats&& f) {
    return protocol::FieldStats{std::move(f.field), f.length_sum, f.document_count};
  });
  return s;
}

wire::SearchRequest to_wire(const protocol::SearchRequest& r) {
  wire::SearchRequest w;
  w.document_type = r.document_type;
  w.query = to_wire(r.query);
  w.rank_profile = r.rank_profile;
  w.hits = r.hits;
  w.offset = r.offset;
  w.sort = convert_all<wire::SortSpec>(r.sort, [](const protocol::SortSpec& s) {
    wire::SortSpec ws;
    ws.attribute = s.attribute;
    ws.ascending = s.ascending;
    return ws;
  });
  if (r.global_stats) w.__set_global_stats(to_wire(*r.global_stats));
  w.rank_inputs = r.rank_inputs;
  w.trace_level = r.trace_level;
  if (r.layout != 0) w.__set_layout(static_cast<int64_t>(r.layout));
  return w;
}

protocol::SearchRequest from_wire(wire::SearchRequest&& w) {
  protocol::SearchRequest r;
  r.document_type = std::move(w.document_type);
  r.query = from_wire(std::move(w.query));
  r.rank_profile = std::move(w.rank_profile);
  r.hits = w.hits;
  r.offset = w.offset;
  r.sort = convert_all<protocol::SortSpec>(w.sort, [](wire::SortSpec&& s) {
    return protocol::SortSpec{std::move(s.attribute), s.ascending};
  });
  if (w.__isset.global_stats) r.global_stats = from_wire(std::move(w.global_stats));
  r.rank_inputs = std::move(w.rank_inputs);
  r.trace_level = w.trace_level;
  r.layout = static_cast<uint64_t>(w.layout);
  return r;
}

wire::SearchReply to_wire(const protocol::SearchReply& r) {
  wire::SearchReply w;
  w.hits = convert_all<wire::SearchHit>(r.hits, hit_to_wire);
  w.total_hits = r.total_hits;
  w.metrics.matched_documents = r.metrics.matched_documents;
  w.metrics.searched_documents = r.metrics.searched_documents;
  w.metrics.match_ms = r.metrics.match_ms;
  w.metrics.second_phase_ms = r.metrics.second_phase_ms;
  w.metrics.total_ms = r.metrics.total_ms;
  w.total_hits_exact = r.total_hits_exact;
  return w;
}

protocol::SearchReply from_wire(wire::SearchReply&& w) {
  protocol::SearchReply r;
  r.hits = convert_all<protocol::SearchHit>(w.hits, hit_from_wire);
  r.total_hits = w.total_hits;
  r.metrics = {.matched_documents = w.metrics.matched_documents,
               .searched_documents = w.metrics.searched_documents,
               .match_ms = w.metrics.match_ms,
               .second_phase_ms = w.metrics.second_phase_ms,
               .total_ms = w.metrics.total_ms};
  r.total_hits_exact = w.total_hits_exact;
  return r;
}

wire::SearchRequest to_wire(const protocol::TermStatsRequest& r) {
  wire::SearchRequest w;
  w.document_type = r.document_type;
  w.query = to_wire(r.query);
  return w;
}

protocol::TermStatsRequest term_stats_from_wire(wire::SearchRequest&& w) {
  return {.document_type = std::move(w.document_type), .query = from_wire(std::move(w.query))};
}

wire::TermStatsReply to_wire(const protocol::TermStatsReply& r) {
  wire::TermStatsReply w;
  w.stats = to_wire(r.stats);
  return w;
}

protocol::TermStatsReply from_wire(wire::TermStatsReply&& w) { return {from_wire(std::move(w.stats))}; }

wire::DocsumRequest to_wire(const protocol::DocsumRequest& r) {
  wire::DocsumRequest w;
  w.document_type = r.document_type;
  w.summary_class = r.summary_class;
  w.gids = r.gids;
  return w;
}

protocol::DocsumRequest from_wire(wire::DocsumRequest&& w) {
  return {.document_type = std::move(w.document_type),
          .summary_class = std::move(w.summary_class),
          .gids = std::move(w.gids)};
}

wire::DocsumReply to_wire(protocol::DocsumReply r) {
  wire::DocsumReply w;
  w.docsums = convert_all<wire::Docsum>(r.docsums, [](protocol::Docsum&& d) {
    wire::Docsum wd;
    wd.gid = std::move(d.gid);
    wd.found = d.found;
    wd.fields_json = std::move(d.fields_json);
    return wd;
  });
  return w;
}

protocol::DocsumReply from_wire(wire::DocsumReply&& w) {
  return {convert_all<protocol::Docsum>(w.docsums, [](wire::Docsum&& d) {
    return protocol::Docsum{std::move(d.gid), d.found, std::move(d.fields_json)};
  })};
}

// ---- document reads ----

wire::GetRequest to_wire(const protocol::GetRequest& r) {
  wire::GetRequest w;
  w.document_id = r.document_id;
  return w;
}

protocol::GetRequest from_wire(wire::GetRequest&& w) { return {std::move(w.document_id)}; }

wire::GetReply to_wire(protocol::GetReply r) {
  wire::GetReply w;
  w.found = r.found;
  w.timestamp = r.timestamp;
  w.removed = r.removed;
  w.fields_json = std::move(r.fields_json);
  return w;
}

protocol::GetReply from_wire(wire::GetReply&& w) {
  return {.found = w.found, .timestamp = w.timestamp, .removed = w.removed,
          .fields_json = std::move(w.fields_json)};
}

wire::VisitRequest to_wire(const protocol::VisitRequest& r) {
  wire::VisitRequest w;
  w.document_type = r.document_type;
  w.after_bucket = static_cast<int64_t>(r.after_bucket);
  w.after_gid = r.after_gid;
  w.max_documents = r.max_documents;
  if (r.selection) w.__set_selection(*r.selection);
  return w;
}

protocol::VisitRequest from_wire(wire::VisitRequest&& w) {
  return {.document_type = std::move(w.document_type),
          .after_bucket = static_cast<uint64_t>(w.after_bucket),
          .after_gid = std::move(w.after_gid),
          .max_documents = w.max_documents,
          .selection = optional_of(w.__isset.selection, std::move(w.selection))};
}

wire::VisitReply to_wire(protocol::VisitReply r) {
  wire::VisitReply w;
  w.documents = convert_all<wire::VisitedDocument>(r.documents, [](protocol::VisitedDocument&& d) {
    wire::VisitedDocument wd;
    wd.document_id = std::move(d.document_id);
    wd.fields_json = std::move(d.fields_json);
    wd.timestamp = d.timestamp;
    return wd;
  });
  w.done = r.done;
  w.last_bucket = static_cast<int64_t>(r.last_bucket);
  w.last_gid = std::move(r.last_gid);
  return w;
}

protocol::VisitReply from_wire(wire::VisitReply&& w) {
  protocol::VisitReply r;
  r.documents = convert_all<protocol::VisitedDocument>(w.documents, [](wire::VisitedDocument&& d) {
    return protocol::VisitedDocument{std::move(d.document_id), std::move(d.fields_json), d.timestamp};
  });
  r.done = w.done;
  r.last_bucket = static_cast<uint64_t>(w.last_bucket);
  r.last_gid = std::move(w.last_gid);
  return r;
}

// ---- distributor writes ----

namespace {

struct OperationToWire {
  wire::FeedOperation& w;
  void operator()(protocol::FeedPut& p) const {
    wire::FeedPutRequest put;
    put.document_id = std::move(p.document_id);
    put.document = std::move(p.document);
    if (p.condition) put.__set_condition(std::move(*p.condition));
    w.__set_put(std::move(put));
  }
  void operator()(protocol::FeedUpdate& u) const {
    wire::FeedUpdateRequest update;
    update.document_id = std::move(u.document_id);
    update.update_json = std::move(u.update_json);
    if (u.condition) update.__set_condition(std::move(*u.condition));
    update.create = u.create;
    w.__set_update(std::move(update));
  }
  void operator()(protocol::FeedRemove& r) const {
    wire::FeedRemoveRequest remove;
    remove.document_id = std::move(r.document_id);
    if (r.condition) remove.__set_condition(std::move(*r.condition));
    w.__set_remove(std::move(remove));
  }
};

Result<protocol::FeedOperation> operation_from_wire(wire::FeedOperation&& w) {
  int set = int(w.__isset.put) + int(w.__isset.update) + int(w.__isset.remove);
  if (set != 1) {
    return Status::InvalidArgument("feed_batch: an operation must be exactly one of put, update and remove");
  }
  protocol::FeedOperation op;
  if (w.__isset.put) {
    op.op = protocol::FeedPut{std::move(w.put.document_id), std::move(w.put.document),
                              optional_of(w.put.__isset.condition, std::move(w.put.condition))};
  } else if (w.__isset.update) {
    op.op = protocol::FeedUpdate{std::move(w.update.document_id), std::move(w.update.update_json),
                                 optional_of(w.update.__isset.condition, std::move(w.update.condition)),
                                 w.update.create};
  } else {
    op.op = protocol::FeedRemove{std::move(w.remove.document_id),
                                 optional_of(w.remove.__isset.condition, std::move(w.remove.condition))};
  }
  op.timeout_ms = optional_of(w.__isset.timeout_ms, std::move(w.timeout_ms));
  return op;
}

}  // namespace

std::vector<wire::FeedOperation> to_wire(protocol::FeedBatchRequest request) {
  return convert_all<wire::FeedOperation>(request.operations, [](protocol::FeedOperation&& op) {
    wire::FeedOperation w;
    std::visit(OperationToWire{w}, op.op);
    if (op.timeout_ms) w.__set_timeout_ms(*op.timeout_ms);
    return w;
  });
}

Result<protocol::FeedBatchRequest> from_wire(std::vector<wire::FeedOperation>&& operations) {
  protocol::FeedBatchRequest request;
  request.operations.reserve(operations.size());
  for (wire::FeedOperation& w : operations) {
    Result<protocol::FeedOperation> op = operation_from_wire(std::move(w));
    if (!op.ok()) return op.status();
    request.operations.push_back(std::move(op).value());
  }
  return request;
}

std::vector<wire::FeedReply> to_wire(const protocol::FeedBatchReply& reply) {
  return convert_all<wire::FeedReply>(reply.replies, [](const protocol::FeedReply& r) {
    wire::FeedReply w;
    w.outcome = static_cast<wire::FeedOutcome::type>(r.outcome);
    w.timestamp = r.timestamp;
    w.message = r.message;
    w.cluster_state_version = r.cluster_state_version;
    w.cluster_state = r.cluster_state;
    if (r.error) w.__set_error(code_to_wire(*r.error));
    return w;
  });
}

protocol::FeedBatchReply from_wire(std::vector<wire::FeedReply>&& replies) {
  return {convert_all<protocol::FeedReply>(replies, [](wire::FeedReply&& w) {
    protocol::FeedReply r;
    r.outcome = static_cast<protocol::FeedOutcome>(w.outcome);
    r.timestamp = w.timestamp;
    r.message = std::move(w.message);
    r.cluster_state_version = w.cluster_state_version;
    r.cluster_state = std::move(w.cluster_state);
    if (w.__isset.error) r.error = code_from_wire(w.error);
    return r;
  })};
}

// ---- replica writes ----

std::vector<wire::ReplicaWrite> to_wire(protocol::WriteBatchRequest request) {
  return convert_all<wire::ReplicaWrite>(request.writes, [](protocol::ReplicaWrite&& r) {
    wire::ReplicaWrite w;
    w.document_id = std::move(r.document_id);
    w.timestamp = r.timestamp;
    w.remove = r.remove;
    w.document = std::move(r.document);
    if (r.new_bucket) w.__set_new_bucket(true);  // absent is false: older nodes read the rest
    return w;
  });
}

protocol::WriteBatchRequest from_wire(std::vector<wire::ReplicaWrite>&& writes) {
  return {convert_all<protocol::ReplicaWrite>(writes, [](wire::ReplicaWrite&& w) {
    return protocol::ReplicaWrite{std::move(w.document_id), w.timestamp, w.remove, std::move(w.document),
                                  w.__isset.new_bucket && w.new_bucket};
  })};
}

std::vector<wire::ReplicaWriteResult> to_wire(const protocol::WriteBatchReply& reply) {
  return convert_all<wire::ReplicaWriteResult>(reply.results, [](const protocol::ReplicaWriteResult& r) {
    wire::ReplicaWriteResult w;
    w.applied = r.applied;
    if (r.error) w.__set_error(code_to_wire(*r.error));
    w.message = r.message;
    return w;
  });
}

protocol::WriteBatchReply from_wire(std::vector<wire::ReplicaWriteResult>&& results) {
  return {convert_all<protocol::ReplicaWriteResult>(results, [](wire::ReplicaWriteResult&& w) {
    protocol::ReplicaWriteResult r;
    r.applied = w.applied;
    if (w.__isset.error) r.error = code_from_wire(w.error);
    r.message = std::move(w.message);
    return r;
  })};
}

// ---- buckets ----

namespace {

// Buckets are raw 64-bit ids; Thrift has only signed integers, so they cross as their bits.
std::vector<int64_t> buckets_to_wire(const std::vector<uint64_t>& buckets) {
  return {buckets.begin(), buckets.end()};
}

std::vector<uint64_t> buckets_from_wire(const std::vector<int64_t>& buckets) {
  return {buckets.begin(), buckets.end()};
}

wire::BucketInfo info_to_wire(const protocol::BucketInfo& b) {
  wire::BucketInfo w;
  w.bucket = static_cast<int64_t>(b.bucket);
  w.document_count = b.document_count;
  w.checksum = b.checksum;
  w.ready = b.ready;
  w.active = b.active;
  w.__set_tombstone_count(b.tombstone_count);
  w.__set_total_bytes(b.total_bytes);
  if (b.previous_active) w.__set_previous_active(true);
  return w;
}

// An older node sends no tombstone count, size or previous activation: they read as 0 and false.
protocol::BucketInfo info_from_wire(wire::BucketInfo&& w) {
  return {.bucket = static_cast<uint64_t>(w.bucket),
          .document_count = w.document_count,
          .checksum = w.checksum,
          .ready = w.ready,
          .active = w.active,
          .tombstone_count = w.tombstone_count,
          .total_bytes = w.total_bytes,
          .previous_active = w.__isset.previous_active && w.previous_active};
}

std::vector<wire::BucketInfo> infos_to_wire(const std::vector<protocol::BucketInfo>& infos) {
  return convert_all<wire::BucketInfo>(infos, info_to_wire);
}

std::vector<protocol::BucketInfo> infos_from_wire(std::vector<wire::BucketInfo>& infos) {
  return convert_all<protocol::BucketInfo>(infos, info_from_wire);
}

}  // namespace

wire::ListBucketsRequest to_wire(const protocol::ListBucketsRequest& r) {
  wire::ListBucketsRequest w;
  w.buckets = buckets_to_wire(r.buckets);
  return w;
}

protocol::ListBucketsRequest from_wire(wire::ListBucketsRequest&& w) { return {buckets_from_wire(w.buckets)}; }

std::vector<wire::BucketInfo> to_wire(const protocol::ListBucketsReply& reply) {
  return infos_to_wire(reply.buckets);
}

protocol::ListBucketsReply from_wire(std::vector<wire::BucketInfo>&& buckets) {
  return {infos_from_wire(buckets)};
}

// ---- bucket maintenance ----

namespace {

wire::BucketEntryList entry_list_to_wire(const protocol::BucketEntryList& list) {
  wire::BucketEntryList w;
  w.bucket = static_cast<int64_t>(list.bucket);
  w.entries = convert_all<wire::BucketEntryMeta>(list.entries, [](const protocol::BucketEntryMeta& e) {
    wire::BucketEntryMeta we;
    we.gid = e.gid;
    we.timestamp = e.timestamp;
    we.tombstone = e.tombstone;
    return we;
  });
  return w;
}

protocol::BucketEntryList entry_list_from_wire(wire::BucketEntryList&& w) {
  return {.bucket = static_cast<uint64_t>(w.bucket),
          .entries = convert_all<protocol::BucketEntryMeta>(w.entries, [](wire::BucketEntryMeta&& e) {
            return protocol::BucketEntryMeta{std::move(e.gid), e.timestamp, e.tombstone};
          })};
}

// Moves the documents: entries are what merges carry, and they can be large.
wire::BucketEntries entries_to_wire(protocol::BucketEntries&& bucket) {
  wire::BucketEntries w;
  w.bucket = static_cast<int64_t>(bucket.bucket);
  w.entries = convert_all<wire::BucketEntry>(bucket.entries, [](protocol::BucketEntry&& e) {
    wire::BucketEntry we;
    we.gid = std::move(e.gid);
    we.timestamp = e.timestamp;
    we.tombstone = e.tombstone;
    we.document = std::move(e.document);
    return we;
  });
  return w;
}

protocol::BucketEntries entries_from_wire(wire::BucketEntries&& w) {
  return {.bucket = static_cast<uint64_t>(w.bucket),
          .entries = convert_all<protocol::BucketEntry>(w.entries, [](wire::BucketEntry&& e) {
            return protocol::BucketEntry{std::move(e.gid), e.timestamp, e.tombstone, std::move(e.document)};
          })};
}

}  // namespace

wire::BucketEntriesRequest to_wire(const protocol::BucketEntriesRequest& r) {
  wire::BucketEntriesRequest w;
  w.buckets = buckets_to_wire(r.buckets);
  return w;
}

protocol::BucketEntriesRequest from_wire(wire::BucketEntriesRequest&& w) {
  return {buckets_from_wire(w.buckets)};
}

wire::BucketEntriesReply to_wire(const protocol::BucketEntriesReply& r) {
  wire::BucketEntriesReply w;
  w.buckets = convert_all<wire::BucketEntryList>(r.buckets, entry_list_to_wire);
  return w;
}

protocol::BucketEntriesReply from_wire(wire::BucketEntriesReply&& w) {
  return {convert_all<protocol::BucketEntryList>(w.buckets, entry_list_from_wire)};
}

wire::FetchEntriesRequest to_wire(const protocol::FetchEntriesRequest& r) {
  wire::FetchEntriesRequest w;
  w.buckets = convert_all<wire::BucketGids>(r.buckets, [](const protocol::BucketGids& b) {
    wire::BucketGids wb;
    wb.bucket = static_cast<int64_t>(b.bucket);
    wb.gids = b.gids;
    return wb;
  });
  return w;
}

protocol::FetchEntriesRequest from_wire(wire::FetchEntriesRequest&& w) {
  return {convert_all<protocol::BucketGids>(w.buckets, [](wire::BucketGids&& b) {
    return protocol::BucketGids{static_cast<uint64_t>(b.bucket), std::move(b.gids)};
  })};
}

wire::FetchEntriesReply to_wire(protocol::FetchEntriesReply r) {
  wire::FetchEntriesReply w;
  w.buckets = convert_all<wire::BucketEntries>(r.buckets, entries_to_wire);
  return w;
}

protocol::FetchEntriesReply from_wire(wire::FetchEntriesReply&& w) {
  return {convert_all<protocol::BucketEntries>(w.buckets, entries_from_wire)};
}

wire::ApplyEntriesRequest to_wire(protocol::ApplyEntriesRequest r) {
  wire::ApplyEntriesRequest w;
  w.buckets = convert_all<wire::BucketEntries>(r.buckets, entries_to_wire);
  return w;
}

protocol::ApplyEntriesRequest from_wire(wire::ApplyEntriesRequest&& w) {
  return {convert_all<protocol::BucketEntries>(w.buckets, entries_from_wire)};
}

wire::ApplyEntriesReply to_wire(const protocol::ApplyEntriesReply& r) {
  wire::ApplyEntriesReply w;
  w.applied = r.applied;
  w.buckets = infos_to_wire(r.buckets);
  return w;
}

protocol::ApplyEntriesReply from_wire(wire::ApplyEntriesReply&& w) {
  return {.applied = w.applied, .buckets = infos_from_wire(w.buckets)};
}

wire::SetBucketStatesRequest to_wire(const protocol::SetBucketStatesRequest& r) {
  wire::SetBucketStatesRequest w;
  w.states = convert_all<wire::BucketState>(r.states, [](const protocol::BucketState& s) {
    wire::BucketState ws;
    ws.bucket = static_cast<int64_t>(s.bucket);
    ws.ready = s.ready;
    ws.active = s.active;
    return ws;
  });
  return w;
}

protocol::SetBucketStatesRequest from_wire(wire::SetBucketStatesRequest&& w) {
  return {convert_all<protocol::BucketState>(w.states, [](wire::BucketState&& s) {
    return protocol::BucketState{static_cast<uint64_t>(s.bucket), s.ready, s.active};
  })};
}

wire::SetBucketStatesReply to_wire(const protocol::SetBucketStatesReply& r) {
  wire::SetBucketStatesReply w;
  w.buckets = infos_to_wire(r.buckets);
  return w;
}

protocol::SetBucketStatesReply from_wire(wire::SetBucketStatesReply&& w) { return {infos_from_wire(w.buckets)}; }

wire::DeleteBucketsRequest to_wire(const protocol::DeleteBucketsRequest& r) {
  wire::DeleteBucketsRequest w;
  w.buckets = buckets_to_wire(r.buckets);
  return w;
}

protocol::DeleteBucketsRequest from_wire(wire::DeleteBucketsRequest&& w) { return {buckets_from_wire(w.buckets)}; }

wire::DeleteBucketsReply to_wire(const protocol::DeleteBucketsReply& r) {
  wire::DeleteBucketsReply w;
  w.documents = r.documents;
  return w;
}

protocol::DeleteBucketsReply from_wire(wire::DeleteBucketsReply&& w) { return {w.documents}; }

}  // namespace grove::idl
