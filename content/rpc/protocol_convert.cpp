#include "content/rpc/protocol_convert.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>

namespace grove::content {

namespace {

Result<search::QueryNodeKind> kind_of(protocol::QueryNodeKind kind) {
  using K = search::QueryNodeKind;
  switch (kind) {
    case protocol::QueryNodeKind::kTerm: return K::kTerm;
    case protocol::QueryNodeKind::kPhrase: return K::kPhrase;
    case protocol::QueryNodeKind::kAnd: return K::kAnd;
    case protocol::QueryNodeKind::kOr: return K::kOr;
    case protocol::QueryNodeKind::kAndNot: return K::kAndNot;
    case protocol::QueryNodeKind::kWeakAnd: return K::kWeakAnd;
    case protocol::QueryNodeKind::kRange: return K::kRange;
    case protocol::QueryNodeKind::kTrue: return K::kTrue;
    case protocol::QueryNodeKind::kFalse: return K::kFalse;
  }
  return Status::InvalidArgument(fmt::format("unknown query node kind {}", static_cast<int>(kind)));
}

void append_big_endian(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

Result<search::QueryTree> from_protocol(const protocol::QueryTree& tree) {
  if (tree.nodes.empty()) return Status::InvalidArgument("the query tree has no nodes");
  if (tree.nodes.size() > static_cast<size_t>(kMaxQueryNodes)) {
    return Status::InvalidArgument(fmt::format("the query tree has {} nodes, over the limit of {}",
                                               tree.nodes.size(), kMaxQueryNodes));
  }
  if (tree.root < 0 || static_cast<size_t>(tree.root) >= tree.nodes.size()) {
    return Status::InvalidArgument(fmt::format("query root {} is not one of the {} nodes", tree.root,
                                               tree.nodes.size()));
  }
  search::QueryTree out;
  out.root = static_cast<uint32_t>(tree.root);
  for (size_t i = 0; i < tree.nodes.size(); ++i) {
    const protocol::QueryNode& w = tree.nodes[i];
    search::QueryNode n;
    GROVE_ASSIGN_OR_RETURN(n.kind, kind_of(w.kind));
    n.field = w.field;
    n.term = w.term;
    n.words = w.phrase_terms;
    n.weight = w.weight;
    n.target_hits = static_cast<uint32_t>(std::max(1, w.target_hits));
    for (int32_t c : w.children) {
      if (c < 0 || static_cast<size_t>(c) >= tree.nodes.size()) {
        return Status::InvalidArgument(fmt::format("query node {} names child {}, which is not a node", i, c));
      }
      n.children.push_back(static_cast<uint32_t>(c));
    }
    if (w.lower) n.lower = search::RangeBound{*w.lower, w.lower_inclusive};
    if (w.upper) n.upper = search::RangeBound{*w.upper, w.upper_inclusive};
    out.nodes.push_back(std::move(n));
  }
  return out;
}

Result<search::SearchRequest> from_protocol(const protocol::SearchRequest& request) {
  if (request.hits < 0 || request.hits > kMaxHitsPerSearch) {
    return Status::InvalidArgument(fmt::format("hits {} is outside 0..{}", request.hits, kMaxHitsPerSearch));
  }
  if (request.offset < 0 || request.offset > kMaxHitsPerSearch) {
    return Status::InvalidArgument(fmt::format("offset {} is outside 0..{}", request.offset, kMaxHitsPerSearch));
  }
  search::SearchRequest out;
  GROVE_ASSIGN_OR_RETURN(out.query, from_protocol(request.query));
  out.rank_profile = request.rank_profile;
  out.hits = static_cast<uint32_t>(request.hits);
  out.offset = static_cast<uint32_t>(request.offset);
  for (const auto& s : request.sort) out.order_by.push_back({s.attribute, s.ascending});
  out.rank_properties.insert(request.rank_inputs.begin(), request.rank_inputs.end());
  if (request.global_stats) out.global_stats = from_protocol(*request.global_stats);
  return out;
}

search::CorpusStats from_protocol(const protocol::GlobalStats& stats) {
  search::CorpusStats out;
  out.total_docs = static_cast<uint64_t>(std::max<int64_t>(0, stats.total_documents));
  for (const auto& f : stats.fields) {
    out.fields.push_back({f.field, static_cast<uint64_t>(std::max<int64_t>(0, f.length_sum)),
                          static_cast<uint64_t>(std::max<int64_t>(0, f.document_count))});
  }
  for (const auto& t : stats.terms) {
    out.terms.push_back({t.field, t.term, static_cast<uint64_t>(std::max<int64_t>(0, t.document_frequency))});
  }
  return out;
}

protocol::GlobalStats to_protocol(const search::CorpusStats& stats) {
  protocol::GlobalStats out;
  out.total_documents = static_cast<int64_t>(stats.total_docs);
  for (const auto& f : stats.fields) {
    protocol::FieldStats w;
    w.field = f.field;
    w.length_sum = static_cast<int64_t>(f.length_sum);
    w.document_count = static_cast<int64_t>(f.doc_count);
    out.fields.push_back(std::move(w));
  }
  for (const auto& t : stats.terms) {
    protocol::TermStats w;
    w.field = t.field;
    w.term = t.term;
    w.document_frequency = static_cast<int64_t>(t.doc_freq);
    out.terms.push_back(std::move(w));
  }
  return out;
}

Result<distribution::Gid> gid_from_bytes(const std::string& bytes) {
  distribution::Gid gid;
  if (bytes.size() != gid.bytes.size()) {
    return Status::InvalidArgument(fmt::format("a gid is 12 bytes, got {}", bytes.size()));
  }
  std::memcpy(gid.bytes.data(), bytes.data(), gid.bytes.size());
  return gid;
}

std::string gid_bytes(const distribution::Gid& gid) {
  return std::string(reinterpret_cast<const char*>(gid.bytes.data()), gid.bytes.size());
}

std::string sort_data(const std::vector<search::SortValue>& values,
                      const std::vector<search::SortSpec>& order) {
  std::string out;
  for (size_t i = 0; i < values.size() && i < order.size(); ++i) {
    size_t start = out.size();
    const auto& v = values[i];
    if (std::holds_alternative<std::monostate>(v)) {
      out += '\xff';  // missing sorts last
      continue;
    }
    out += '\x01';
    if (const auto* n = std::get_if<int64_t>(&v)) {
      append_big_endian(out, static_cast<uint64_t>(*n) ^ (1ULL << 63));
    } else if (const auto* d = std::get_if<double>(&v)) {
      uint64_t bits = std::bit_cast<uint64_t>(*d);
      append_big_endian(out, (bits >> 63) ? ~bits : bits | (1ULL << 63));
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      for (char c : *s) {
        out += c;
        if (c == '\0') out += '\xff';  // escape, so the terminator stays unique
      }
      out += '\0';
      out += '\0';
    }
    if (!order[i].ascending) {
      for (size_t k = start + 1; k < out.size(); ++k) out[k] = static_cast<char>(~out[k]);
    }
  }
  return out;
}

protocol::SearchReply to_protocol(const NodeSearchResult& node, uint16_t distribution_key,
                          const std::vector<search::SortSpec>& order) {
  protocol::SearchReply reply;
  reply.total_hits = static_cast<int64_t>(node.result.total_hits);
  reply.total_hits_exact = node.result.total_hits_exact;
  reply.hits.reserve(node.result.hits.size());
  for (size_t i = 0; i < node.result.hits.size(); ++i) {
    protocol::SearchHit hit;
    hit.gid = gid_bytes(node.gids[i]);
    hit.relevance = node.result.hits[i].relevance;
    hit.distribution_key = distribution_key;
    if (!order.empty()) hit.sort_data = sort_data(node.result.hits[i].sort_values, order);
    reply.hits.push_back(std::move(hit));
  }
  const auto& m = node.result.metrics;
  reply.metrics.matched_documents = static_cast<int64_t>(m.documents_matched);
  reply.metrics.searched_documents = static_cast<int64_t>(m.documents_searched);
  reply.metrics.match_ms = m.match_seconds * 1000;
  reply.metrics.second_phase_ms = m.second_phase_seconds * 1000;
  reply.metrics.total_ms = m.total_seconds * 1000;
  return reply;
}

protocol::BucketInfo to_protocol(const store::BucketSummary& bucket) {
  protocol::BucketInfo out;
  out.bucket = bucket.bucket.raw();
  out.document_count = static_cast<int32_t>(bucket.info.doc_count);
  out.checksum = static_cast<int64_t>(bucket.info.checksum);
  out.ready = bucket.info.ready;
  out.active = bucket.info.active;
  out.tombstone_count = static_cast<int32_t>(bucket.info.tombstone_count);
  out.total_bytes = static_cast<int64_t>(bucket.info.total_bytes);
  return out;
}

std::vector<distribution::BucketId> bucket_ids(const std::vector<uint64_t>& buckets) {
  std::vector<distribution::BucketId> out;
  out.reserve(buckets.size());
  for (uint64_t b : buckets) out.emplace_back(b);
  return out;
}

namespace {

Status bad_bucket(const char* call, uint64_t bucket, std::string_view why) {
  return Status::InvalidArgument(fmt::format("{}: bucket {}: {}", call, distribution::BucketId(bucket).to_hex(), why));
}

}  // namespace

Result<std::vector<distribution::Gid>> from_protocol(const protocol::BucketGids& bucket, const char* call) {
  std::vector<distribution::Gid> out;
  out.reserve(bucket.gids.size());
  for (const std::string& bytes : bucket.gids) {
    Result<distribution::Gid> gid = gid_from_bytes(bytes);
    if (!gid.ok()) return bad_bucket(call, bucket.bucket, gid.status().message());
    out.push_back(*gid);
  }
  return out;
}

Result<std::vector<store::DocumentEntry>> from_protocol(protocol::BucketEntries&& bucket, const char* call) {
  std::vector<store::DocumentEntry> out;
  out.reserve(bucket.entries.size());
  for (protocol::BucketEntry& e : bucket.entries) {
    Result<distribution::Gid> gid = gid_from_bytes(e.gid);
    if (!gid.ok()) return bad_bucket(call, bucket.bucket, gid.status().message());
    if (e.timestamp <= 0) {
      return bad_bucket(call, bucket.bucket, fmt::format("the timestamp of an entry must be positive, not {}",
                                                         e.timestamp));
    }
    out.push_back(store::DocumentEntry{*gid, static_cast<uint64_t>(e.timestamp), e.tombstone,
                                       std::move(e.document)});
  }
  return out;
}

ContentNode::BucketRoleChange from_protocol(const protocol::BucketState& state) {
  return {distribution::BucketId(state.bucket), ReplicaRole{state.ready || state.active, state.active}};
}

protocol::BucketEntryList to_protocol(distribution::BucketId bucket, const std::vector<store::EntryMeta>& entries) {
  protocol::BucketEntryList out;
  out.bucket = bucket.raw();
  out.entries.reserve(entries.size());
  for (const store::EntryMeta& e : entries) {
    out.entries.push_back({gid_bytes(e.gid), static_cast<int64_t>(e.timestamp), e.tombstone});
  }
  return out;
}

protocol::BucketEntries to_protocol(distribution::BucketId bucket, std::vector<store::DocumentEntry>&& entries) {
  protocol::BucketEntries out;
  out.bucket = bucket.raw();
  out.entries.reserve(entries.size());
  for (store::DocumentEntry& e : entries) {
    out.entries.push_back({gid_bytes(e.gid), static_cast<int64_t>(e.timestamp), e.tombstone, std::move(e.payload)});
  }
  return out;
}

protocol::FeedReply to_protocol(const FeedResult& result, const distribution::ClusterState* state) {
  protocol::FeedReply reply;
  using P = protocol::FeedOutcome;
  switch (result.outcome) {
    case FeedOutcome::kOk: reply.outcome = P::kOk; break;
    case FeedOutcome::kConditionNotMet: reply.outcome = P::kConditionNotMet; break;
    case FeedOutcome::kNotFound: reply.outcome = P::kNotFound; break;
    case FeedOutcome::kWrongDistribution: reply.outcome = P::kWrongDistribution; break;
    case FeedOutcome::kFeedBlocked: reply.outcome = P::kFeedBlocked; break;
  }
  reply.timestamp = static_cast<int64_t>(result.timestamp);
  reply.message = result.message;
  if (state != nullptr) {
    reply.cluster_state_version = static_cast<int32_t>(state->version());
    if (result.outcome == FeedOutcome::kWrongDistribution) reply.cluster_state = state->to_string();
  }
  return reply;
}

namespace {

FeedPut put_of(protocol::FeedPut&& p) {
  return FeedPut{std::move(p.document_id), std::move(p.document), std::move(p.condition)};
}

FeedUpdate update_of(protocol::FeedUpdate&& u) {
  return FeedUpdate{std::move(u.document_id), std::move(u.update_json), std::move(u.condition), u.create};
}

FeedRemove remove_of(protocol::FeedRemove&& r) {
  return FeedRemove{std::move(r.document_id), std::move(r.condition)};
}

}  // namespace

FeedBatchOp from_protocol(protocol::FeedOperation&& operation, const Clock& clock, const Deadline& call) {
  FeedBatchOp op;
  op.deadline = operation.timeout_ms ? Deadline::after(clock, std::chrono::milliseconds(*operation.timeout_ms))
                                     : call;
  if (auto* put = std::get_if<protocol::FeedPut>(&operation.op)) {
    op.op = put_of(std::move(*put));
  } else if (auto* update = std::get_if<protocol::FeedUpdate>(&operation.op)) {
    op.op = update_of(std::move(*update));
  } else {
    op.op = remove_of(std::move(std::get<protocol::FeedRemove>(operation.op)));
  }
  return op;
}

protocol::FeedReply to_protocol(const Result<FeedResult>& result, const distribution::ClusterState* state) {
  if (result.ok()) return to_protocol(*result, state);
  protocol::FeedReply reply;
  reply.error = result.status().code();
  reply.message = result.status().message();
  if (state != nullptr) reply.cluster_state_version = static_cast<int32_t>(state->version());
  return reply;
}

Result<std::vector<ReplicaWrite>> from_protocol(std::vector<protocol::ReplicaWrite>&& writes) {
  std::vector<ReplicaWrite> out;
  out.reserve(writes.size());
  for (protocol::ReplicaWrite& w : writes) {
    if (w.timestamp <= 0) {
      return Status::InvalidArgument(fmt::format(
          "write_batch: the timestamp of {} must be positive, not {}", w.document_id, w.timestamp));
    }
    out.push_back(ReplicaWrite{std::move(w.document_id), static_cast<uint64_t>(w.timestamp), w.remove,
                               std::move(w.document), w.new_bucket});
  }
  return out;
}

protocol::ReplicaWriteResult to_protocol(const Result<bool>& result) {
  protocol::ReplicaWriteResult out;
  if (result.ok()) {
    out.applied = *result;
  } else {
    out.error = result.status().code();
    out.message = result.status().message();
  }
  return out;
}

Result<VisitSpec> from_protocol(const protocol::VisitRequest& request, const document::DocumentTypeRepo& types) {
  VisitSpec spec;
  spec.document_type = request.document_type;
  spec.after_bucket = distribution::BucketId(request.after_bucket);
  if (!request.after_gid.empty()) {
    GROVE_ASSIGN_OR_RETURN(spec.after_gid, gid_from_bytes(request.after_gid));
  }
  if (request.max_documents < 0) {
    return Status::InvalidArgument(fmt::format("visit: max_documents {} is negative", request.max_documents));
  }
  spec.max_documents = static_cast<size_t>(request.max_documents);
  if (request.selection && !request.selection->empty()) {
    GROVE_ASSIGN_OR_RETURN(document::DocumentSelection selection,
                           document::DocumentSelection::parse(*request.selection));
    GROVE_RETURN_IF_ERROR(selection.validate(types));
    spec.selection.emplace(std::move(selection));
  }
  return spec;
}

protocol::VisitReply to_protocol(VisitPage page) {
  protocol::VisitReply reply;
  reply.documents.reserve(page.documents.size());
  for (VisitedDocument& d : page.documents) {
    protocol::VisitedDocument out;
    out.document_id = std::move(d.id);
    out.fields_json = std::move(d.fields_json);
    out.timestamp = static_cast<int64_t>(d.timestamp);
    reply.documents.push_back(std::move(out));
  }
  reply.done = page.done;
  reply.last_bucket = page.last_bucket.raw();
  reply.last_gid = gid_bytes(page.last_gid);
  return reply;
}

}  // namespace grove::content
