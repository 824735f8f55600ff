#pragma once

// Searcher: evaluates queries against index snapshots: plan (validate, look up, choose
// statistics), match, first-phase rank every match into a top-k heap (or order by
// attributes), re-rank the best rerank-count hits with the second phase, and return the
// requested slice with per-query metrics. Also answers the statistics round of global ranking
// (local_stats). See docs/query-evaluation.md.
//
// One Searcher per config generation: it borrows that generation's IndexConfig and compiled
// RankProfiles (the setup objects) and creates everything per query (executors) from them.
//
// Usage:
//   Searcher searcher(config, profiles);
//   IndexSnapshot snap = index.snapshot();
//   Result<SearchResult> r = searcher.search(snap, request);
//
// Thread-safety: immutable after construction; search() and local_stats() may run on many
// threads at once, each with its own snapshot.

#include "content/index/index_snapshot.h"
#include "content/ranking/rank_setup.h"
#include "content/search/search_request.h"
#include "services/base/result.h"

namespace grove::search {

class Searcher {
 public:
  // `profiles` must outlive the searcher, and must have been compiled against an IndexConfig
  // equal to the config of the index whose snapshots are searched (field ids must agree).
  explicit Searcher(const ranking::RankProfiles& profiles) : profiles_(profiles) {}

  // Fails with InvalidArgument for an unknown rank profile, field (named in the message) or
  // order-by attribute, or a malformed tree; nothing else fails.
  Result<SearchResult> search(const index::IndexSnapshot& snapshot,
                              const SearchRequest& request) const;

  // This node's statistics for the terms and fields of `query`: the active documents, the
  // length totals of every indexed field it searches, and each (field, term) document
  // frequency. Summed over nodes (CorpusStats::merge) they are the global statistics.
  Result<CorpusStats> local_stats(const index::IndexSnapshot& snapshot,
                                  const QueryTree& query) const;

 private:
  const ranking::RankProfiles& profiles_;
};

}  // namespace grove::search
