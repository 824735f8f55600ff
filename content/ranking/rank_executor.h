#pragma once

// RankExecutor: the per-query evaluator of a RankSetup. Built once per query (binding each
// feature to the query's match-data slots, field lengths, attribute columns and statistics),
// then called once per matched document for the first phase and once per re-ranked document
// for the second. It allocates nothing per document: feature values and the program stack live
// in vectors sized at construction.
//
// Usage:
//   std::unique_ptr<RankExecutor> exec = setup.make_executor(query);
//   iterator->unpack(row);                       // fill the match data for `row`
//   double score = exec->first_phase(row);
//
// For pruning, linear_terms() lists, per match-data slot, the BM25 scorer of that (term,
// field) with the expression's weight folded in; the first-phase score of a document is then
// linear_constant() + the sum over its matched slots (up to rounding).
//
// Thread-safety: confined to the query's thread. Borrows the setup and the RankQuery.

#include <memory>
#include <vector>

#include "content/index/attribute_view.h"
#include "content/ranking/bm25.h"
#include "content/ranking/rank_query.h"
#include "content/ranking/rank_setup.h"
#include "content/ranking/text_features.h"

namespace grove::ranking {

class RankExecutor {
 public:
  struct SlotScorer {
    uint32_t slot;
    index::FieldId field;
    Bm25Scorer scorer;  // weight included
  };

  RankExecutor(const RankSetup& setup, const RankQuery& query);

  double first_phase(index::RowId row);
  // The second-phase score (requires setup().has_second_phase()). `first_phase_score` is the
  // value of the firstPhase feature.
  double second_phase(index::RowId row, double first_phase_score);

  const RankSetup& setup() const { return setup_; }
  // Non-null when the first phase is linear in bm25 (see RankSetup::linear_first_phase()).
  const std::vector<SlotScorer>* linear_terms() const { return linear_ ? &slot_scorers_ : nullptr; }
  double linear_constant() const { return linear_constant_; }

 private:
  struct Bm25Term {
    uint32_t slot;
    const uint32_t* lengths;
    Bm25Scorer scorer;
  };
  // How one feature is computed for this query.
  struct Binding {
    FeatureKind kind = FeatureKind::kQuery;
    uint32_t begin = 0;  // kBm25: range in bm25_; kMatches: range in match_slots_
    uint32_t end = 0;
    double constant = 0;  // kQuery
    index::AttributeView attribute;
    std::vector<index::FieldId> fields;
    std::vector<index::AttributeId> attributes;
    FieldMatchOutput output = FieldMatchOutput::kScore;
  };

  Binding bind(const FeatureSpec& spec);
  void bind_linear();
  void compute(const std::vector<uint32_t>& features, index::RowId row, double first_phase);
  double value(const Binding& b, index::RowId row, double first_phase) const;

  const RankSetup& setup_;
  const RankQuery& query_;
  const MatchData& md_;
  std::unique_ptr<TextFeatures> text_;  // only when a text feature is used
  std::vector<Bm25Term> bm25_;
  std::vector<uint32_t> match_slots_;
  std::vector<Binding> bindings_;  // parallel to setup_.features()
  std::vector<double> values_;
  std::vector<double> stack_;
  bool linear_ = false;
  double linear_constant_ = 0;
  std::vector<SlotScorer> slot_scorers_;
};

}  // namespace grove::ranking
