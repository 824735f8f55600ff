// The term loops of PrunedMatcher (see pruned_matcher.h); setup is in pruned_matcher.cpp and
// the phrase loop in pruned_phrase.cpp.

#include <algorithm>

#include "content/search/pruned_matcher.h"

namespace grove::search {

// Counts (without scoring) the rows of the current block from its position that lie below
// `end` and pass the filters, and moves past them. Returns false at the end of the list.
bool PrunedMatcher::count_rows(index::PostingIterator& postings, RowId end, MatchStats& stats) {
  const RowId* rows = postings.block_rows();
  const uint32_t size = postings.block_size();
  const bool plain = filters_.empty() && negatives_.empty();
  const RowId stop = std::min(end, postings.row_limit());
  uint32_t k = postings.block_offset();
  for (; k < size && rows[k] < stop; ++k) {
    stats.matched += (plain ? active_.test(rows[k]) : passes_filters(rows[k])) ? 1 : 0;
  }
  if (k < size) {
    postings.move_within_block(k);
  } else {
    postings.seek(rows[size - 1] + 1);
  }
  return postings.row() != kEndRow;
}

// Adds the contributions of the non-essential leaves at `row` while the candidate can still
// win; false as soon as it cannot.
bool PrunedMatcher::probe_non_essential(RowId row, double& partial) {
  for (size_t j = essential_; j-- > 0;) {
    if (!can_beat(partial + prefix_[j])) return false;
    if (rows_[j] < row) rows_[j] = leaves_[j].postings->seek(row);
    if (rows_[j] == row) partial += contribution(leaves_[j], row);
  }
  return true;
}

// Handles the rows of essential leaf `i` below `end`, where no other essential leaf has a
// posting, scanning its decoded blocks directly.
void PrunedMatcher::scan_leaf(size_t i, RowId end, MatchStats& stats) {
  Leaf& leaf = leaves_[i];
  index::PostingIterator& p = *leaf.postings;
  const bool plain = filters_.empty() && negatives_.empty();
  const double others = essential_ > 0 ? prefix_[essential_ - 1] : 0.0;
  while (p.row() < end) {
    const RowId* rows = p.block_rows();
    const uint32_t size = p.block_size();
    if (heap_full_ && !can_beat(constant_ + others + block_bound(leaf))) {
      if (!pruning_) {
        if (!count_rows(p, end, stats)) break;
        start_pruning_if_due(stats);
      } else {
        p.seek(rows[size - 1] < end ? rows[size - 1] + 1 : end);
      }
      continue;
    }
    const uint32_t* tfs = p.block_tfs();
    const RowId stop = std::min(end, p.row_limit());
    uint32_t k = p.block_offset();
    bool recheck = false;
    for (; k < size && rows[k] < stop && !recheck; ++k) {
      const RowId r = rows[k];
      if (plain ? !active_.test(r) : !passes_filters(r)) continue;
      double partial = constant_ + leaf.scorer.score(tfs[k], leaf.lengths[r]);
      if (essential_ > 0 && !probe_non_essential(r, partial)) continue;
      ++stats.matched;
      if (can_beat(partial)) {
        p.move_within_block(k);
        rows_[i] = r;
        rank(r, stats);
      }
      if (!pruning_ && heap_full_ && stats.matched >= q_.exact_hit_limit) {
        start_pruning_if_due(stats);
        recheck = true;  // the rest of the block is checked against its bound first
      }
    }
    if (k < size) {
      p.move_within_block(k);
    } else {
      p.seek(rows[size - 1] + 1);
    }
  }
  rows_[i] = p.row();
}

// Moves `target` past every region where the blocks of leaves [begin, end) cannot beat the
// threshold together (plus `extra`), reading skip data only; kEndRow when nothing is left.
RowId PrunedMatcher::skip_dead_regions(RowId target, size_t begin, size_t end, double extra) {
  for (;;) {
    RowId region_end = kEndRow;
    for (size_t i = begin; i < end; ++i) {
      if (rows_[i] == kEndRow) continue;
      blocks_[i] = block_at(i, target);
      region_end = std::min(region_end, leaves_[i].postings->last_row_of(blocks_[i]));
    }
    if (region_end == kEndRow) return kEndRow;
    double bound = constant_ + extra;
    for (size_t i = begin; i < end; ++i) {
      if (rows_[i] == kEndRow || blocks_[i] >= leaves_[i].postings->num_blocks()) continue;
      // A leaf whose next posting lies past the region adds nothing inside it.
      if (rows_[i] >= target && rows_[i] > region_end) continue;
      bound += bound_of(leaves_[i], blocks_[i]);
    }
    if (can_beat(bound)) {
      region_checked_until_ = region_end;
      region_threshold_ = threshold_;
      return target;
    }
    target = region_end + 1;
  }
}

// Drops the leaves that have run out and recomputes the MaxScore state.
bool PrunedMatcher::drop_ended_leaves() {
  size_t kept = 0;
  for (size_t i = 0; i < leaves_.size(); ++i) {
    if (rows_[i] == kEndRow) continue;
    leaves_[kept] = leaves_[i];
    rows_[kept] = rows_[i];
    ++kept;
  }
  leaves_.resize(kept);
  rows_.resize(kept);
  prefix_.clear();
  for (const Leaf& leaf : leaves_) {
    prefix_.push_back((prefix_.empty() ? 0.0 : prefix_.back()) + leaf.bound);
  }
  essential_ = 0;
  region_checked_until_ = 0;
  region_threshold_ = -1;
  raise_threshold();
  return !leaves_.empty();
}

void PrunedMatcher::run_disjunction(MatchStats& stats) {
  while (essential_ < leaves_.size()) {
    const size_t n = leaves_.size();
    RowId first = kEndRow;
    RowId second = kEndRow;
    size_t lead = 0;
    for (size_t i = essential_; i < n; ++i) {
      if (rows_[i] < first) {
        second = first;
        first = rows_[i];
        lead = i;
      } else if (rows_[i] < second) {
        second = rows_[i];
      }
    }
    if (first == kEndRow) return;
    if (pruning_ && !region_known(first)) {
      const RowId target =
          skip_dead_regions(first, essential_, n, essential_ > 0 ? prefix_[essential_ - 1] : 0.0);
      if (target > first) {
        bool ended = false;
        for (size_t i = essential_; i < n; ++i) {
          if (rows_[i] < target) rows_[i] = leaves_[i].postings->seek(target);
          ended |= rows_[i] == kEndRow;
        }
        if (ended && !drop_ended_leaves()) return;
        continue;
      }
    }
    if (second > first) {
      scan_leaf(lead, second, stats);
      if (rows_[lead] == kEndRow && !drop_ended_leaves()) return;
      continue;
    }
    if (passes_filters(first)) {
      double partial = constant_;
      for (size_t i = essential_; i < n; ++i) {
        if (rows_[i] == first) partial += contribution(leaves_[i], first);
      }
      if (probe_non_essential(first, partial)) accept(first, partial, stats);
    }
    bool ended = false;
    for (size_t i = essential_; i < n; ++i) {
      if (rows_[i] == first) {
        rows_[i] = leaves_[i].postings->seek(first + 1);
        ended |= rows_[i] == kEndRow;
      }
    }
    if (ended && !drop_ended_leaves()) return;
  }
}

RowId PrunedMatcher::seek_group(const Group& g, RowId target) {
  RowId best = kEndRow;
  for (size_t i = g.begin; i < g.end; ++i) {
    if (rows_[i] < target) rows_[i] = leaves_[i].postings->seek(target);
    best = std::min(best, rows_[i]);
  }
  return best;
}

// The bound of leaf `i` for the block that would hold `row`, from skip data; rows only grow,
// so the last lookup usually still holds.
double PrunedMatcher::shallow_bound(size_t i, RowId row) {
  if (rows_[i] == kEndRow) return 0;
  if (row > shallow_last_[i] || shallow_last_[i] == 0) {
    shallow_block_[i] = block_at(i, row);
    shallow_last_[i] = leaves_[i].postings->last_row_of(shallow_block_[i]);
  }
  if (shallow_block_[i] >= leaves_[i].postings->num_blocks()) return 0;
  return bound_of(leaves_[i], shallow_block_[i]);
}

void PrunedMatcher::run_conjunction(MatchStats& stats) {
  for (const Group& g : groups_) {
    if (g.end == 0) return;  // a group without postings matches nothing
  }
  RowId target = 0;
  for (;;) {
    if (pruning_ && !region_known(target)) {
      target = skip_dead_regions(target, 0, leaves_.size(), 0.0);
      if (target == kEndRow) return;
    }
    const RowId candidate = seek_group(groups_[0], target);
    if (candidate == kEndRow) return;
    if (pruning_) {
      // The lead's exact share and the others' block bounds, before seeking the others.
      double bound = constant_;
      for (size_t i = groups_[0].begin; i < groups_[0].end; ++i) {
        if (rows_[i] == candidate) bound += contribution(leaves_[i], candidate);
      }
      for (size_t i = groups_[0].end; i < leaves_.size(); ++i) bound += shallow_bound(i, candidate);
      if (!can_beat(bound)) {
        target = candidate + 1;
        continue;
      }
    }
    RowId next = candidate;
    for (size_t g = 1; g < groups_.size() && next == candidate; ++g) {
      next = seek_group(groups_[g], candidate);
    }
    if (next != candidate) {
      target = next;
      continue;
    }
    target = candidate + 1;
    if (!passes_filters(candidate)) continue;
    double partial = constant_;
    for (size_t i = 0; i < leaves_.size(); ++i) {
      if (rows_[i] == candidate) partial += contribution(leaves_[i], candidate);
    }
    if (pruning_ && !can_beat(partial)) continue;
    accept(candidate, partial, stats);
  }
}

}  // namespace grove::search
