#include "content/search/match_loop.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "content/search/pruned_matcher.h"

namespace grove::search {
namespace {

// Visits rows in increasing order with a fresh (re-match) iterator tree, unpacking each one
// that matches, and calls `fn(index)` for each position of `rows` in row order.
template <typename Fn>
void rematch(const QueryContext& q, const std::vector<RowId>& rows, Fn&& fn) {
  SearchIteratorPtr root = q.plan.make_iterator(q.snapshot, q.md, q.positions, true);
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rows[a] < rows[b]; });
  for (size_t i : order) {
    if (root->seek(rows[i]) == rows[i]) root->unpack(rows[i]);
    fn(i);
  }
}

}  // namespace

std::vector<ScoredRow> match_by_relevance(const QueryContext& q, uint32_t k, MatchStats& stats) {
  RelevanceTopK top(k);
  if (PrunedMatcher::applies(q)) {
    PrunedMatcher(q, top).run(stats);
    return top.take_sorted();
  }
  SearchIteratorPtr root = q.plan.make_iterator(q.snapshot, q.md, q.positions, false);
  const index::ActiveBitsView active = q.snapshot.active();
  for (RowId r = root->seek(0); r != kEndRow; r = root->seek(r + 1)) {
    if (!active.test(r)) continue;
    ++stats.matched;
    root->unpack(r);
    top.add(ScoredRow{sanitize_score(q.exec.first_phase(r)), r});
  }
  stats.first_phase += stats.matched;
  return top.take_sorted();
}

std::vector<RowId> match_by_order(const QueryContext& q, const SortOrder& order, uint32_t k,
                                  MatchStats& stats) {
  TopK<RowId, SortOrder::Before> top(k, order.comparator());
  SearchIteratorPtr root = q.plan.make_iterator(q.snapshot, q.md, false, false);
  const index::ActiveBitsView active = q.snapshot.active();
  for (RowId r = root->seek(0); r != kEndRow; r = root->seek(r + 1)) {
    if (!active.test(r)) continue;
    ++stats.matched;
    top.add(r);
  }
  return top.take_sorted();
}

std::vector<double> score_rows(const QueryContext& q, const std::vector<RowId>& rows) {
  std::vector<double> scores(rows.size());
  rematch(q, rows, [&](size_t i) { scores[i] = sanitize_score(q.exec.first_phase(rows[i])); });
  return scores;
}

size_t rerank(const QueryContext& q, std::vector<ScoredRow>& hits, uint32_t rerank_count) {
  const size_t n = std::min<size_t>(rerank_count, hits.size());
  if (n == 0) return 0;
  std::vector<RowId> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = hits[i].row;
  std::vector<double> second(n);
  rematch(q, rows, [&](size_t i) {
    second[i] = sanitize_score(q.exec.second_phase(rows[i], hits[i].score));
  });
  for (size_t i = 0; i < n; ++i) hits[i].score = second[i];
  std::sort(hits.begin(), hits.begin() + static_cast<ptrdiff_t>(n), ByRelevance());
  if (n < hits.size()) {
    const double floor = hits[n - 1].score;
    const double top_rest = hits[n].score;
    if (std::isfinite(floor) && std::isfinite(top_rest) && top_rest > floor) {
      for (size_t i = n; i < hits.size(); ++i) hits[i].score -= top_rest - floor;
    }
  }
  return n;
}

}  // namespace grove::search
