#pragma once

// PrunedMatcher: top-k matching that skips documents which cannot enter the top k, for queries
// whose first phase is a non-negative sum of bm25 terms (ranking::LinearBm25Form) and whose
// shape is a conjunction of "groups" plus filters and exclusions that add nothing to the score:
//
//   group | AND(groups..., filters...) | ANDNOT(either, negatives...)
//   group = term (in one or more indexed fields) | OR(terms) | phrase (one indexed field,
//           and then the only group)
//
// Modes:
//   single       one leaf (a term in one field): scans decoded blocks directly;
//   disjunction  one group of several leaves: MaxScore. Leaves sorted by their score bound;
//                those whose bounds together cannot beat the k-th best score are
//                non-essential: candidates come only from the essential leaves, the others
//                are probed only while the candidate can still win. Stretches where only one
//                essential leaf has postings are scanned like `single`;
//   conjunction  several groups: leapfrog over the groups, rarest first;
//   phrase       one phrase: candidates hold every word; adjacency is checked only when the
//                smallest word frequency could still make the top k.
// All skip whole 128-posting blocks whose block-max bounds (impacts) cannot beat the k-th best.
//
// Until `exact_hit_limit` matches are counted every match is counted, but only those whose
// exact score (a cheap sum of BM25 contributions) can enter the heap are ranked. After that,
// skipping starts and the match count becomes a lower bound (MatchStats::exact = false). The
// hits and scores equal exhaustive evaluation: scores come from the same executor, and a row is
// skipped only if its bound is at most the k-th score (later rows lose ties).
//
// Thread-safety: confined to the query's thread. No allocation per document.

#include <memory>
#include <vector>

#include "content/search/hit_collector.h"
#include "content/search/match_loop.h"
#include "content/search/phrase_iterator.h"
#include "content/search/term_iterator.h"

namespace grove::search {

class PrunedMatcher {
 public:
  // Whether the query's shape and first phase allow pruning.
  static bool applies(const QueryContext& q);

  PrunedMatcher(const QueryContext& q, RelevanceTopK& top);
  void run(MatchStats& stats);

 private:
  // A posting list with the scorer of its (term, field) and a cache of its block bound.
  struct Leaf {
    index::PostingIterator* postings;
    TermIterator* term;  // null for phrase words
    const uint32_t* lengths;
    ranking::Bm25Scorer scorer;
    double bound;  // max contribution
    uint32_t group;
    uint32_t cached_block = UINT32_MAX;  // block whose bound is cached_bound
    double cached_bound = 0;
  };
  struct Group {
    size_t begin;  // leaves_[begin, end)
    size_t end;
  };

  void add_group(const Blueprint& node, uint32_t group);
  void add_leaf(const Blueprint::TermField& tf, uint32_t group);
  void add_phrase(const Blueprint& node);
  const ranking::Bm25Scorer* scorer_of(uint32_t slot) const;
  void prepare_disjunction();
  void prepare_conjunction();

  bool passes_filters(RowId row);
  double contribution(const Leaf& leaf, RowId row) const {
    return leaf.scorer.score(leaf.postings->tf(), leaf.lengths[row]);
  }
  // The largest contribution any posting of block `block` of the leaf can make (cached).
  static double bound_of(Leaf& leaf, uint32_t block);
  static double block_bound(Leaf& leaf) { return bound_of(leaf, leaf.postings->block_index()); }
  // The block of leaf `i` that holds its first posting >= target, from skip data only.
  uint32_t block_at(size_t i, RowId target) const {
    return rows_[i] >= target ? leaves_[i].postings->block_index()
                              : leaves_[i].postings->shallow_block(target);
  }
  bool can_beat(double bound) const {
    return !heap_full_ || bound + 1e-9 * (bound < 0 ? -bound : bound) + 1e-12 > threshold_;
  }
  // Counts a match whose exact score is `score`; ranks it if it can enter the heap.
  void accept(RowId row, double score, MatchStats& stats) {
    ++stats.matched;
    if (can_beat(score)) rank(row, stats);
    if (!pruning_ && stats.matched >= q_.exact_hit_limit) start_pruning_if_due(stats);
  }
  void rank(RowId row, MatchStats& stats);
  void start_pruning_if_due(MatchStats& stats);
  void raise_threshold();

  // The loops (pruned_loops.cpp, pruned_phrase.cpp).
  void scan_leaf(size_t i, RowId end, MatchStats& stats);
  bool count_rows(index::PostingIterator& postings, RowId end, MatchStats& stats);
  bool probe_non_essential(RowId row, double& partial);
  void run_disjunction(MatchStats& stats);
  RowId skip_dead_regions(RowId target, size_t begin, size_t end, double extra);
  bool region_known(RowId target) const {
    return target <= region_checked_until_ && threshold_ == region_threshold_;
  }
  bool drop_ended_leaves();
  void run_conjunction(MatchStats& stats);
  RowId seek_group(const Group& g, RowId target);
  double shallow_bound(size_t i, RowId row);
  void run_phrase(MatchStats& stats);
  RowId skip_dead_phrase_regions(RowId target);

  const QueryContext& q_;
  RelevanceTopK& top_;
  index::ActiveBitsView active_;
  std::vector<std::unique_ptr<TermIterator>> owned_;
  std::vector<Leaf> leaves_;
  std::vector<RowId> rows_;       // current row per leaf
  std::vector<uint32_t> blocks_;  // scratch of the region checks, per leaf
  // Per leaf: the block found by the last shallow lookup and its last row (conjunctions).
  std::vector<uint32_t> shallow_block_;
  std::vector<RowId> shallow_last_;
  std::vector<Group> groups_;
  std::vector<SearchIteratorPtr> filters_;
  std::vector<SearchIteratorPtr> negatives_;
  double constant_ = 0;
  // Phrase mode: the phrase, its scorer and field lengths; leaves_ are its words.
  std::unique_ptr<PhraseIterator> phrase_;
  ranking::Bm25Scorer phrase_scorer_;
  const uint32_t* phrase_lengths_ = nullptr;
  // MaxScore state: leaves sorted by bound; prefix_[i] = sum of bounds of leaves [0, i].
  std::vector<double> prefix_;
  size_t essential_ = 0;    // leaves [essential_, n) are essential
  bool pruning_ = false;    // skipping (and inexact counting) has started
  bool heap_full_ = false;  // threshold_ is the k-th best score
  double threshold_ = 0;
  // The block-max check passed for candidates up to this row at this threshold; it need not
  // be repeated until either changes.
  RowId region_checked_until_ = 0;
  double region_threshold_ = -1;
};

}  // namespace grove::search
