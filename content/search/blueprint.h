#pragma once

// Blueprint and QueryPlan: the setup side of one query. build() validates the QueryTree
// against the index configuration (an unknown field is an InvalidArgument naming it), looks up
// every term's postings in the snapshot, assigns a match-data slot to every (term, field)
// pair, chooses the statistics BM25 will use (global when the request carries them, local
// otherwise) and estimates hit counts. make_iterator() then builds the executor tree; it can be
// called again to re-match documents for the second phase.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(QueryPlan plan, QueryPlan::build(snapshot, request.query, stats));
//   ranking::MatchData md(plan.num_slots());
//   SearchIteratorPtr root = plan.make_iterator(snapshot, md, /*positions=*/false, false);
//
// Thread-safety: a plan is confined to its query's thread; it borrows the snapshot.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "content/index/index_snapshot.h"
#include "content/ranking/match_data.h"
#include "content/ranking/rank_query.h"
#include "content/search/query_tree.h"
#include "content/search/search_iterator.h"
#include "content/search/search_request.h"
#include "services/base/result.h"

namespace grove::search {

struct Blueprint {
  struct TermField {
    index::FieldId field;
    index::PostingView postings;
    uint32_t slot;
  };
  struct TermAttribute {
    index::AttributeId attribute;
    uint32_t slot;
  };
  struct PhraseField {
    index::FieldId field;
    std::vector<index::PostingView> words;
    uint32_t slot;
    bool positions;
  };

  QueryNodeKind kind = QueryNodeKind::kTrue;
  std::vector<Blueprint> children;
  std::string term;                            // kTerm
  std::vector<TermField> term_fields;          // kTerm: indexed fields searched
  std::vector<TermAttribute> term_attributes;  // kTerm: attributes searched
  std::vector<PhraseField> phrase_fields;      // kPhrase
  index::AttributeId attribute = 0;            // kRange
  std::optional<RangeBound> lower;             // kRange
  std::optional<RangeBound> upper;             // kRange
  uint32_t target_hits = 0;                    // kWeakAnd
  std::vector<double> child_weights;           // kWeakAnd: per child
  uint64_t estimate = 0;                       // upper bound of the hits

  // True for nodes that are evaluated by scanning a column (cheap to check, costly to seek).
  bool is_scan() const;
};

// One (indexed field, term) pair the query searches, for the statistics round.
struct PlannedTerm {
  index::FieldId field;
  std::string term;
  uint64_t local_doc_freq;
};

class QueryPlan {
 public:
  // Fails with InvalidArgument for an unknown field (named), a phrase or range on a field of
  // the wrong kind, an empty AND/OR/phrase, bad child indices, or a tree deeper than 256.
  static Result<QueryPlan> build(const index::IndexSnapshot& snapshot, const QueryTree& tree,
                                 const CorpusStats* global_stats);

  // `positions`: unpack word positions for ranking; `rematch`: for the second phase (weakAnd
  // behaves as OR so that every first-phase hit is found again).
  SearchIteratorPtr make_iterator(const index::IndexSnapshot& snapshot, ranking::MatchData& md,
                                  bool positions, bool rematch) const;
  // The iterator of one node of this plan (for matchers that drive parts of the tree).
  static SearchIteratorPtr make_node_iterator(const Blueprint& node,
                                              const index::IndexSnapshot& snapshot,
                                              ranking::MatchData& md, bool positions, bool rematch);

  const Blueprint& root() const { return root_; }
  uint32_t num_slots() const { return num_slots_; }
  const std::vector<ranking::RankTerm>& rank_terms() const { return rank_terms_; }
  double total_docs() const { return total_docs_; }
  const std::vector<double>& avg_field_length() const { return avg_field_length_; }
  const std::vector<PlannedTerm>& terms() const { return terms_; }

 private:
  friend class PlanBuilder;
  Blueprint root_;
  uint32_t num_slots_ = 0;
  std::vector<ranking::RankTerm> rank_terms_;
  double total_docs_ = 0;
  std::vector<double> avg_field_length_;
  std::vector<PlannedTerm> terms_;
};

}  // namespace grove::search
