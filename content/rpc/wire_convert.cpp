#include "content/rpc/wire_convert.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>

namespace grove::content {

namespace {

Result<search::QueryNodeKind> kind_from_wire(wire::QueryNodeKind::type kind) {
  using K = search::QueryNodeKind;
  switch (kind) {
    case wire::QueryNodeKind::TERM: return K::kTerm;
    case wire::QueryNodeKind::PHRASE: return K::kPhrase;
    case wire::QueryNodeKind::AND: return K::kAnd;
    case wire::QueryNodeKind::OR: return K::kOr;
    case wire::QueryNodeKind::AND_NOT: return K::kAndNot;
    case wire::QueryNodeKind::WEAK_AND: return K::kWeakAnd;
    case wire::QueryNodeKind::RANGE: return K::kRange;
    case wire::QueryNodeKind::TRUE: return K::kTrue;
    case wire::QueryNodeKind::FALSE: return K::kFalse;
  }
  return Status::InvalidArgument(fmt::format("unknown query node kind {}", static_cast<int>(kind)));
}

void append_big_endian(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

Result<search::QueryTree> from_wire(const wire::QueryTree& tree) {
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
    const wire::QueryNode& w = tree.nodes[i];
    search::QueryNode n;
    GROVE_ASSIGN_OR_RETURN(n.kind, kind_from_wire(w.kind));
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
    if (w.__isset.lower) n.lower = search::RangeBound{w.lower, w.lower_inclusive};
    if (w.__isset.upper) n.upper = search::RangeBound{w.upper, w.upper_inclusive};
    out.nodes.push_back(std::move(n));
  }
  return out;
}

Result<search::SearchRequest> from_wire(const wire::SearchRequest& request) {
  if (request.hits < 0 || request.hits > kMaxHitsPerSearch) {
    return Status::InvalidArgument(fmt::format("hits {} is outside 0..{}", request.hits, kMaxHitsPerSearch));
  }
  if (request.offset < 0 || request.offset > kMaxHitsPerSearch) {
    return Status::InvalidArgument(fmt::format("offset {} is outside 0..{}", request.offset, kMaxHitsPerSearch));
  }
  search::SearchRequest out;
  GROVE_ASSIGN_OR_RETURN(out.query, from_wire(request.query));
  out.rank_profile = request.rank_profile;
  out.hits = static_cast<uint32_t>(request.hits);
  out.offset = static_cast<uint32_t>(request.offset);
  for (const auto& s : request.sort) out.order_by.push_back({s.attribute, s.ascending});
  out.rank_properties.insert(request.rank_inputs.begin(), request.rank_inputs.end());
  if (request.__isset.global_stats) out.global_stats = from_wire(request.global_stats);
  return out;
}

search::CorpusStats from_wire(const wire::GlobalStats& stats) {
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

wire::GlobalStats to_wire(const search::CorpusStats& stats) {
  wire::GlobalStats out;
  out.total_documents = static_cast<int64_t>(stats.total_docs);
  for (const auto& f : stats.fields) {
    wire::FieldStats w;
    w.field = f.field;
    w.length_sum = static_cast<int64_t>(f.length_sum);
    w.document_count = static_cast<int64_t>(f.doc_count);
    out.fields.push_back(std::move(w));
  }
  for (const auto& t : stats.terms) {
    wire::TermStats w;
    w.field = t.field;
    w.term = t.term;
    w.document_frequency = static_cast<int64_t>(t.doc_freq);
    out.terms.push_back(std::move(w));
  }
  return out;
}

Result<distribution::Gid> gid_from_wire(const std::string& bytes) {
  distribution::Gid gid;
  if (bytes.size() != gid.bytes.size()) {
    return Status::InvalidArgument(fmt::format("a gid is 12 bytes, got {}", bytes.size()));
  }
  std::memcpy(gid.bytes.data(), bytes.data(), gid.bytes.size());
  return gid;
}

std::string gid_to_wire(const distribution::Gid& gid) {
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

wire::SearchReply to_wire(const NodeSearchResult& node, uint16_t distribution_key,
                          const std::vector<search::SortSpec>& order) {
  wire::SearchReply reply;
  reply.total_hits = static_cast<int64_t>(node.result.total_hits);
  reply.total_hits_exact = node.result.total_hits_exact;
  reply.hits.reserve(node.result.hits.size());
  for (size_t i = 0; i < node.result.hits.size(); ++i) {
    wire::SearchHit hit;
    hit.gid = gid_to_wire(node.gids[i]);
    hit.relevance = node.result.hits[i].relevance;
    hit.distribution_key = static_cast<int16_t>(distribution_key);
    if (!order.empty()) hit.__set_sort_data(sort_data(node.result.hits[i].sort_values, order));
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

wire::BucketInfo to_wire(const store::BucketSummary& bucket) {
  wire::BucketInfo out;
  out.bucket = static_cast<int64_t>(bucket.bucket.raw());
  out.document_count = static_cast<int32_t>(bucket.info.doc_count);
  out.checksum = static_cast<int64_t>(bucket.info.checksum);
  out.ready = bucket.info.ready;
  out.active = bucket.info.active;
  return out;
}

wire::BucketEntry to_wire(const store::EntryMeta& entry) {
  wire::BucketEntry out;
  out.gid = gid_to_wire(entry.gid);
  out.timestamp = static_cast<int64_t>(entry.timestamp);
  out.tombstone = entry.tombstone;
  return out;
}

wire::BucketEntry to_wire(const store::DocumentEntry& entry, bool with_document) {
  wire::BucketEntry out;
  out.gid = gid_to_wire(entry.gid);
  out.timestamp = static_cast<int64_t>(entry.timestamp);
  out.tombstone = entry.tombstone;
  if (with_document && !entry.tombstone) {
    out.__set_document(entry.payload);
  }
  return out;
}

Result<store::DocumentEntry> from_wire(const wire::BucketEntry& entry) {
  store::DocumentEntry out;
  GROVE_ASSIGN_OR_RETURN(out.gid, gid_from_wire(entry.gid));
  if (entry.timestamp <= 0) return Status::InvalidArgument("a bucket entry needs a positive timestamp");
  out.timestamp = static_cast<uint64_t>(entry.timestamp);
  out.tombstone = entry.tombstone;
  if (!entry.tombstone) {
    if (!entry.__isset.document) {
      return Status::InvalidArgument("a bucket entry that is not a tombstone needs its document");
    }
    out.payload = entry.document;
  }
  return out;
}

wire::FeedReply to_wire(const FeedResult& result, const distribution::ClusterState* state) {
  wire::FeedReply reply;
  switch (result.outcome) {
    case FeedOutcome::kOk: reply.outcome = wire::FeedOutcome::OK; break;
    case FeedOutcome::kConditionNotMet: reply.outcome = wire::FeedOutcome::CONDITION_NOT_MET; break;
    case FeedOutcome::kNotFound: reply.outcome = wire::FeedOutcome::NOT_FOUND; break;
    case FeedOutcome::kWrongDistribution: reply.outcome = wire::FeedOutcome::WRONG_DISTRIBUTION; break;
    case FeedOutcome::kFeedBlocked: reply.outcome = wire::FeedOutcome::FEED_BLOCKED; break;
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

std::optional<std::string> optional_from_wire(bool set, const std::string& value) {
  return set ? std::optional<std::string>(value) : std::nullopt;
}

}  // namespace

FeedPut from_wire(wire::FeedPutRequest request) {
  return FeedPut{std::move(request.document_id), std::move(request.document),
                 optional_from_wire(request.__isset.condition, request.condition)};
}

FeedUpdate from_wire(const wire::FeedUpdateRequest& request) {
  return FeedUpdate{request.document_id, request.update_json,
                    optional_from_wire(request.__isset.condition, request.condition), request.create};
}

FeedRemove from_wire(const wire::FeedRemoveRequest& request) {
  return FeedRemove{request.document_id, optional_from_wire(request.__isset.condition, request.condition)};
}

Result<VisitSpec> from_wire(const wire::VisitRequest& request, const document::DocumentTypeRepo& types) {
  VisitSpec spec;
  spec.document_type = request.document_type;
  spec.after_bucket = distribution::BucketId(static_cast<uint64_t>(request.after_bucket));
  if (!request.after_gid.empty()) {
    GROVE_ASSIGN_OR_RETURN(spec.after_gid, gid_from_wire(request.after_gid));
  }
  if (request.max_documents < 0) {
    return Status::InvalidArgument(fmt::format("visit: max_documents {} is negative", request.max_documents));
  }
  spec.max_documents = static_cast<size_t>(request.max_documents);
  if (request.__isset.selection && !request.selection.empty()) {
    GROVE_ASSIGN_OR_RETURN(document::DocumentSelection selection,
                           document::DocumentSelection::parse(request.selection));
    GROVE_RETURN_IF_ERROR(selection.validate(types));
    spec.selection.emplace(std::move(selection));
  }
  return spec;
}

wire::VisitReply to_wire(VisitPage page) {
  wire::VisitReply reply;
  reply.documents.reserve(page.documents.size());
  for (VisitedDocument& d : page.documents) {
    wire::VisitedDocument out;
    out.document_id = std::move(d.id);
    out.fields_json = std::move(d.fields_json);
    out.timestamp = static_cast<int64_t>(d.timestamp);
    reply.documents.push_back(std::move(out));
  }
  reply.done = page.done;
  reply.last_bucket = static_cast<int64_t>(page.last_bucket.raw());
  reply.last_gid = gid_to_wire(page.last_gid);
  return reply;
}

}  // namespace grove::content
