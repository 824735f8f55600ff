// The phrase loop of PrunedMatcher (see pruned_matcher.h).

#include <algorithm>

#include "content/search/pruned_matcher.h"

namespace grove::search {

// Moves `target` past the regions where the phrase cannot beat the threshold: it occurs at
// most as often as its rarest word, so the smallest word bound bounds it, and a word with no
// posting in the region rules the region out. Reads skip data only.
RowId PrunedMatcher::skip_dead_phrase_regions(RowId target) {
  for (;;) {
    RowId region_end = kEndRow;
    for (size_t i = 0; i < leaves_.size(); ++i) {
      if (rows_[i] = leaves_[i].postings->row(); rows_[i] == kEndRow) return kEndRow;
      blocks_[i] = block_at(i, target);
      region_end = std::min(region_end, leaves_[i].postings->last_row_of(blocks_[i]));
    }
    if (region_end == kEndRow) return kEndRow;
    double bound = phrase_scorer_.max_score();
    for (size_t i = 0; i < leaves_.size(); ++i) {
      const bool absent = rows_[i] >= target && rows_[i] > region_end;
      bound = absent ? 0.0 : std::min(bound, bound_of(leaves_[i], blocks_[i]));
      if (absent) break;
    }
    if (can_beat(constant_ + bound)) {
      region_checked_until_ = region_end;
      region_threshold_ = threshold_;
      return target;
    }
    target = region_end + 1;
  }
}

void PrunedMatcher::run_phrase(MatchStats& stats) {
  RowId target = 0;
  for (;;) {
    if (pruning_ && !region_known(target)) {
      target = skip_dead_phrase_regions(target);
      if (target == kEndRow) return;
    }
    const RowId candidate = phrase_->next_candidate(target);
    if (candidate == kEndRow) return;
    target = candidate + 1;
    if (!passes_filters(candidate)) continue;
    const uint32_t length = phrase_lengths_[candidate];
    if (pruning_ && !can_beat(constant_ + phrase_scorer_.score(phrase_->min_word_tf(), length))) {
      continue;  // cannot win even if the words are adjacent: not worth checking
    }
    if (!phrase_->verify(candidate)) continue;
    accept(candidate, constant_ + phrase_scorer_.score(phrase_->occurrences(), length), stats);
  }
}

}  // namespace grove::search
