#pragma once

// TextFeatures: the per-query state of Grove's text-match features, which approximate Vespa's
// nativeFieldMatch, nativeProximity, nativeAttributeMatch, nativeRank and fieldMatch with
// simple, documented formulas (docs/rank-features.md). Every value is in [0, 1].
//
// Built once per query from the RankQuery (grouping its terms by the field they search, with
// each term's significance = weight/100 * idf); the per-document methods read the MatchData
// slots and allocate nothing.
//
// Thread-safety: confined to the query's thread.

#include <cstdint>
#include <span>
#include <vector>

#include "content/index/index_config.h"
#include "content/ranking/feature_spec.h"
#include "content/ranking/rank_query.h"

namespace grove::ranking {

class TextFeatures {
 public:
  TextFeatures(const RankQuery& query, const index::IndexConfig& config);

  // The indexed fields and attributes the query searches (for features without arguments).
  const std::vector<index::FieldId>& searched_fields() const { return searched_fields_; }
  const std::vector<index::AttributeId>& searched_attributes() const { return searched_attrs_; }

  double native_field_match(std::span<const index::FieldId> fields, index::RowId row) const;
  double native_proximity(std::span<const index::FieldId> fields, index::RowId row) const;
  double native_attribute_match(std::span<const index::AttributeId> attrs, index::RowId row) const;
  double native_rank(std::span<const index::FieldId> fields,
                     std::span<const index::AttributeId> attrs, index::RowId row) const;
  double field_match(index::FieldId field, FieldMatchOutput output, index::RowId row) const;

 private:
  struct Term {
    uint32_t slot;
    double significance;
    uint32_t phrase_length;
  };
  struct FieldTerms {
    double field_weight = 0;
    const uint32_t* lengths = nullptr;
    std::vector<Term> terms;  // query order
  };

  bool matched(const Term& t, index::RowId row) const { return md_->slot(t.slot).row == row; }
  double term_match(const Term& t, index::RowId row) const;
  double field_native_match(const FieldTerms& f, index::RowId row) const;
  double pair_closeness(const Term& a, const Term& b) const;
  // Weighted proximity of consecutive term pairs; `only_matched` skips pairs not both matched
  // (and their weight). Returns -1 when there is no pair to score.
  double field_proximity(const FieldTerms& f, index::RowId row, bool only_matched) const;

  const MatchData* md_;
  std::vector<FieldTerms> fields_;             // indexed by FieldId
  std::vector<std::vector<Term>> attributes_;  // indexed by AttributeId
  std::vector<index::FieldId> searched_fields_;
  std::vector<index::AttributeId> searched_attrs_;
};

}  // namespace grove::ranking
