#pragma once

// The per-query match loops behind Searcher::search:
//   match_by_relevance  every match (or, when pruning applies, every match that can still make
//                       the top k) is first-phase ranked into a TopK heap;
//   match_by_order      every match goes into a TopK ordered by attributes;
//   rerank              the second phase over the best rerank-count hits, re-matched in row
//                       order to unpack their match data again.
// All run with the query's MatchData, executor and iterators, and allocate nothing per
// document.
//
// Thread-safety: confined to the query's thread.

#include <vector>

#include "content/index/index_snapshot.h"
#include "content/ranking/rank_executor.h"
#include "content/search/blueprint.h"
#include "content/search/hit_collector.h"
#include "content/search/sort_order.h"

namespace grove::search {

struct MatchStats {
  uint64_t matched = 0;
  bool exact = true;
  uint64_t first_phase = 0;
};

struct QueryContext {
  const index::IndexSnapshot& snapshot;
  const QueryPlan& plan;
  ranking::MatchData& md;
  ranking::RankExecutor& exec;
  bool positions;
  uint64_t exact_hit_limit;
};

std::vector<ScoredRow> match_by_relevance(const QueryContext& q, uint32_t k, MatchStats& stats);

std::vector<RowId> match_by_order(const QueryContext& q, const SortOrder& order, uint32_t k,
                                  MatchStats& stats);

// Re-scores hits[0..n) with the second phase (n = min(rerank_count, size)) and reorders the
// list: the re-ranked block first by its new scores, the rest after it with their first-phase
// scores shifted down if needed to stay below. Returns n.
size_t rerank(const QueryContext& q, std::vector<ScoredRow>& hits, uint32_t rerank_count);

// First-phase scores for `rows` (in any order), re-matched in row order.
std::vector<double> score_rows(const QueryContext& q, const std::vector<RowId>& rows);

}  // namespace grove::search
