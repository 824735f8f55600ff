#include "content/search/searcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "content/search/blueprint.h"
#include "content/search/match_loop.h"
#include "content/search/sort_order.h"

namespace grove::search {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The slice [offset, offset + hits) of `rows` as hits.
std::vector<SearchHit> slice(const index::IndexSnapshot& snap, const std::vector<ScoredRow>& rows,
                             const SearchRequest& req) {
  std::vector<SearchHit> out;
  for (size_t i = req.offset; i < rows.size() && out.size() < req.hits; ++i) {
    out.push_back(SearchHit{snap.local_doc_id(rows[i].row), rows[i].score, {}});
  }
  return out;
}

}  // namespace

Result<SearchResult> Searcher::search(const index::IndexSnapshot& snapshot,
                                      const SearchRequest& request) const {
  const Clock::time_point start = Clock::now();
  const ranking::RankSetup* setup = profiles_.find(request.rank_profile);
  if (setup == nullptr) {
    return Status::InvalidArgument(
        fmt::format("search: unknown rank profile '{}'", request.rank_profile));
  }
  const CorpusStats* global = request.global_stats ? &*request.global_stats : nullptr;
  GROVE_ASSIGN_OR_RETURN(QueryPlan plan, QueryPlan::build(snapshot, request.query, global));
  std::optional<SortOrder> order;
  if (!request.order_by.empty()) {
    GROVE_ASSIGN_OR_RETURN(order, SortOrder::create(snapshot, request.order_by));
  }
  ranking::MatchData md(plan.num_slots());
  ranking::RankQuery rank_query{&snapshot,
                                &md,
                                plan.rank_terms(),
                                plan.total_docs(),
                                plan.avg_field_length(),
                                &request.rank_properties};
  std::unique_ptr<ranking::RankExecutor> exec = setup->make_executor(rank_query);
  QueryContext q{snapshot, plan, md, *exec, setup->needs_positions(), request.exact_hit_limit};

  SearchResult result;
  MatchStats stats;
  const uint32_t wanted = request.offset + request.hits;
  if (order) {
    std::vector<RowId> rows = match_by_order(q, *order, wanted, stats);
    std::vector<RowId> shown(rows.begin() + std::min<size_t>(request.offset, rows.size()),
                             rows.end());
    std::vector<double> scores = score_rows(q, shown);
    stats.first_phase += shown.size();
    for (size_t i = 0; i < shown.size(); ++i) {
      result.hits.push_back(
          SearchHit{snapshot.local_doc_id(shown[i]), scores[i], order->values(shown[i])});
    }
    result.metrics.match_seconds = seconds_since(start);
  } else {
    const uint32_t rerank_count = setup->has_second_phase() ? setup->rerank_count() : 0;
    std::vector<ScoredRow> top = match_by_relevance(q, std::max(wanted, rerank_count), stats);
    result.metrics.match_seconds = seconds_since(start);
    const Clock::time_point second_start = Clock::now();
    result.metrics.second_phase_evaluations = rerank(q, top, rerank_count);
    result.metrics.second_phase_seconds = seconds_since(second_start);
    result.hits = slice(snapshot, top, request);
  }
  result.total_hits = stats.matched;
  result.total_hits_exact = stats.exact;
  result.metrics.documents_matched = stats.matched;
  result.metrics.documents_searched = snapshot.active_docs();
  result.metrics.first_phase_evaluations = stats.first_phase;
  result.metrics.total_seconds = seconds_since(start);
  return result;
}

Result<CorpusStats> Searcher::local_stats(const index::IndexSnapshot& snapshot,
                                          const QueryTree& query) const {
  GROVE_ASSIGN_OR_RETURN(QueryPlan plan, QueryPlan::build(snapshot, query, nullptr));
  const index::IndexConfig& config = snapshot.config();
  CorpusStats stats;
  stats.total_docs = snapshot.active_docs();
  for (const PlannedTerm& t : plan.terms()) {
    const std::string& field = config.index_fields()[t.field].name;
    if (stats.field(field) == nullptr) {
      const index::FieldLengthStats& fs = snapshot.field_stats(t.field);
      stats.fields.push_back(FieldLengthTotals{field, fs.length_sum, fs.doc_count});
    }
    if (!stats.doc_freq(field, t.term)) stats.terms.push_back({field, t.term, t.local_doc_freq});
  }
  return stats;
}

}  // namespace grove::search
