#include "container/dispatch/search_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "container/dispatch/top_k_estimate.h"
#include "container/dispatch/global_stats_merge.h"

namespace grove::container {

namespace {

dispatch::Hit to_hit(const protocol::SearchHit& h) {
  dispatch::Hit hit;
  std::memcpy(hit.gid.data(), h.gid.data(), std::min(h.gid.size(), hit.gid.size()));
  hit.relevance = h.relevance;
  if (h.sort_data) hit.sort_data = *h.sort_data;
  hit.node = h.distribution_key;
  return hit;
}

}  // namespace

SearchRun::SearchRun(QueryPlan plan, SearchMetrics metrics, http::HttpResponder respond)
    : plan_(std::move(plan)), metrics_(metrics), respond_(std::move(respond)),
      started_(std::chrono::steady_clock::now()) {
  tried_.assign(plan_.cluster->group_count(), false);
  result_.cluster = plan_.cluster->id();
  result_.document_type = plan_.request.document_type;
  result_.select_fields = plan_.select_fields;
  if (plan_.request.trace_level >= 1) result_.trace.emplace();
}

void SearchRun::start() {
  metrics_.queries->add();
  next_attempt();
}

double SearchRun::elapsed_ms() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
}

void SearchRun::next_attempt() {
  SearchCluster& cluster = *plan_.cluster;
  std::optional<size_t> group = cluster.selector().select(attempt_, tried_, plan_.pinned_group);
  if (!group) {
    if (result_.errors.empty()) {
      result_.errors.push_back(query::QueryError::no_backends(
          fmt::format("no group of content cluster '{}' can serve the query", cluster.id())));
    }
    fail(std::move(result_.errors));
    return;
  }
  group_ = *group;
  tried_[*group] = true;
  cluster.selector().started(*group);
  cluster.chosen(*group).add();
  slots_.clear();
  for (size_t n : cluster.group_nodes(*group)) {
    Slot slot;
    slot.node = n;
    if (!cluster.node(n).in_service()) slot.status = Status::Unavailable("node is out of service");
    slots_.push_back(std::move(slot));
  }
  phase_started_ = std::chrono::steady_clock::now();
  if (plan_.global_stats) gather_stats();
  else scatter();
}

std::vector<SearchRun::Slot*> SearchRun::live_slots() {
  std::vector<Slot*> out;
  for (Slot& s : slots_) {
    if (s.status.ok()) out.push_back(&s);
  }
  return out;
}

void SearchRun::arrive(void (SearchRun::*next)()) {
  if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) (this->*next)();
}

void SearchRun::record_failure(Slot& slot, const Status& status) {
  slot.status = status;
  if (status.code() != StatusCode::kDeadlineExceeded && status.code() != StatusCode::kInvalidArgument) {
    plan_.cluster->node_failed(slot.node);
  }
}

void SearchRun::gather_stats() {
  std::vector<Slot*> live = live_slots();
  if (live.empty()) return after_scatter();
  pending_.store(live.size(), std::memory_order_release);
  auto self = shared_from_this();
  protocol::TermStatsRequest request{plan_.request.document_type, plan_.request.query};
  for (Slot* slot : live) {
    plan_.cluster->node(slot->node).client->term_stats(
        request, plan_.deadline, [self, slot](Result<protocol::TermStatsReply> reply) {
          if (reply.ok()) slot->stats = std::move(reply).value();
          else self->record_failure(*slot, reply.status());
          self->arrive(&SearchRun::scatter);
        });
  }
}

double SearchRun::phase_ms() {
  SteadyTime now = std::chrono::steady_clock::now();
  double ms = std::chrono::duration<double, std::milli>(now - phase_started_).count();
  phase_started_ = now;
  return ms;
}

void SearchRun::scatter() {
  if (result_.trace) result_.trace->stats_ms = plan_.global_stats ? phase_ms() : 0;
  std::vector<Slot*> live = live_slots();
  if (live.empty()) return after_scatter();
  search_ = plan_.request;
  search_.layout = plan_.cluster->layout_id();  // nodes leaving this layout search its activation
  if (plan_.global_stats) {
    std::vector<const protocol::GlobalStats*> parts;
    for (Slot* slot : live) parts.push_back(&slot->stats.stats);
    search_.global_stats = merge_global_stats(parts);
  }
  const auto& tuning = plan_.cluster->config().dispatch;
  search_.hits = static_cast<int32_t>(dispatch::hits_per_node(
      plan_.offset + plan_.hits, static_cast<uint32_t>(slots_.size()), plan_.top_k_probability,
      tuning.max_hits_per_partition.value_or(0)));
  search_.offset = 0;
  pending_.store(live.size(), std::memory_order_release);
  auto self = shared_from_this();
  SteadyTime sent = std::chrono::steady_clock::now();
  for (Slot* slot : live) {
    SearchCluster::Node& node = plan_.cluster->node(slot->node);
    node.client->search(search_, plan_.deadline,
                        [self, slot, &node, sent](Result<protocol::SearchReply> reply) {
                          slot->rtt_ms = std::chrono::duration<double, std::milli>(
                                             std::chrono::steady_clock::now() - sent)
                                             .count();
                          node.latency->record(slot->rtt_ms);
                          if (reply.ok()) slot->reply = std::move(reply).value();
                          else self->record_failure(*slot, reply.status());
                          self->arrive(&SearchRun::after_scatter);
                        });
  }
}

void SearchRun::after_scatter() {
  plan_.cluster->selector().finished(*group_, elapsed_ms());
  if (result_.trace) result_.trace->search_ms = phase_ms();
  size_t answered = 0;
  for (const Slot& slot : slots_) {
    if (slot.status.code() == StatusCode::kInvalidArgument) {
      return fail({query::to_query_error(slot.status)});
    }
    if (slot.status.ok()) ++answered;
  }
  if (answered == 0) {
    write_coverage();  // collects this attempt's errors
    ++attempt_;
    return next_attempt();
  }
  std::vector<std::vector<dispatch::Hit>> lists;
  for (const Slot& slot : slots_) {
    if (!slot.status.ok()) continue;
    result_.total_count += static_cast<uint64_t>(std::max<int64_t>(0, slot.reply.total_hits));
    auto& list = lists.emplace_back();
    list.reserve(slot.reply.hits.size());
    for (const protocol::SearchHit& h : slot.reply.hits) list.push_back(to_hit(h));
  }
  result_.hits = dispatch::merge_hits(lists, plan_.offset, plan_.hits, !plan_.request.sort.empty());
  result_.fields_json.assign(result_.hits.size(), std::string());
  fill();
}

void SearchRun::fill() {
  std::vector<Slot*> targets;
  for (const dispatch::Hit& hit : result_.hits) {
    auto slot = std::find_if(slots_.begin(), slots_.end(), [&](const Slot& s) {
      return plan_.cluster->node(s.node).key == hit.node;
    });
    if (slot == slots_.end()) continue;
    if (slot->docsum_gids.empty()) targets.push_back(&*slot);
    slot->docsum_gids.emplace_back(reinterpret_cast<const char*>(hit.gid.data()), hit.gid.size());
  }
  if (targets.empty()) return finish();
  pending_.store(targets.size(), std::memory_order_release);
  auto self = shared_from_this();
  for (Slot* slot : targets) {
    protocol::DocsumRequest request{plan_.request.document_type, plan_.summary, slot->docsum_gids};
    plan_.cluster->node(slot->node).client->docsum(
        request, plan_.deadline, [self, slot](Result<protocol::DocsumReply> reply) {
          if (reply.ok()) slot->docsums = std::move(reply).value();
          else if (reply.status().code() == StatusCode::kInvalidArgument) slot->status = reply.status();
          else slot->docsum_status = reply.status();
          self->arrive(&SearchRun::finish);
        });
  }
}

void SearchRun::write_coverage() {
  dispatch::Coverage coverage;
  coverage.nodes_expected = static_cast<uint32_t>(slots_.size());
  for (const Slot& slot : slots_) {
    const SearchCluster::Node& node = plan_.cluster->node(slot.node);
    if (slot.status.ok()) {
      coverage.nodes++;
      coverage.documents += static_cast<uint64_t>(slot.reply.metrics.searched_documents);
      coverage.expected_documents += static_cast<uint64_t>(slot.reply.metrics.searched_documents);
      continue;
    }
    coverage.expected_documents += static_cast<uint64_t>(std::max<int64_t>(0, node.active_docs.load()));
    std::string message = fmt::format("content node {}:{} in group {}: {}", plan_.cluster->id(),
                                      node.key, *group_, slot.status.message());
    if (slot.status.code() == StatusCode::kDeadlineExceeded) {
      coverage.timed_out = true;
      result_.errors.push_back(query::QueryError::timeout(std::move(message)));
    } else {
      coverage.node_failed = true;
      result_.errors.push_back(query::QueryError::backend_communication(std::move(message)));
    }
  }
  result_.coverage = coverage;
}

void SearchRun::finish() {
  for (const Slot& slot : slots_) {
    if (slot.status.code() == StatusCode::kInvalidArgument) {
      return fail({query::to_query_error(slot.status)});
    }
  }
  std::unordered_map<std::string_view, size_t> index;
  for (size_t i = 0; i < result_.hits.size(); ++i) {
    index.emplace(std::string_view(reinterpret_cast<const char*>(result_.hits[i].gid.data()), 12), i);
  }
  for (const Slot& slot : slots_) {
    for (const protocol::Docsum& d : slot.docsums.docsums) {
      auto it = index.find(d.gid);
      if (it != index.end() && d.found) result_.fields_json[it->second] = d.fields_json;
    }
  }
  write_coverage();
  if (result_.trace) trace_nodes();
  for (const Slot& slot : slots_) {
    if (slot.docsum_status.ok()) continue;
    result_.errors.push_back(query::QueryError::backend_communication(
        fmt::format("summary fill from content node {}:{} failed: {}", plan_.cluster->id(),
                    plan_.cluster->node(slot.node).key, slot.docsum_status.message())));
  }
  result_.search_group = *group_;
  respond(200, render_search_result(result_));
}

void SearchRun::trace_nodes() {
  QueryTrace& trace = *result_.trace;
  trace.fill_ms = phase_ms();
  for (const Slot& slot : slots_) {
    if (!slot.status.ok()) continue;
    trace.nodes.push_back({.key = plan_.cluster->node(slot.node).key,
                           .search_ms = slot.reply.metrics.total_ms,
                           .rtt_ms = slot.rtt_ms,
                           .matched = slot.reply.metrics.matched_documents});
  }
  trace.total_ms = elapsed_ms();
}

void SearchRun::fail(std::vector<query::QueryError> errors) {
  metrics_.failed->add();
  int status = query::http_status_of(errors);
  respond(status, query::render_error_response(errors));
}

void SearchRun::respond(int status, std::string body) {
  metrics_.latency->record(elapsed_ms());
  respond_(http::HttpResponse::json(status, std::move(body)));
}

}  // namespace grove::container
