#pragma once

// LinearBm25Form: the shape `c + w1 * bm25(f1) + w2 * bm25(f2) + ...` with every w >= 0,
// recognized in a first-phase expression (through function calls). When the first phase has
// this shape, a document's score is a sum of independent per-(term, field) contributions with
// known upper bounds, and the matcher may skip documents that cannot reach the top hits
// (MaxScore / block-max pruning); otherwise it scores every match.
//
// Usage:
//   std::optional<LinearBm25Form> f = linear_bm25_form(*profile.first_phase, profile, config);
//
// Immutable value type; thread-safe.

#include <map>
#include <optional>

#include "config-model/schema/rank_profile.h"
#include "content/index/index_config.h"

namespace grove::ranking {

struct LinearBm25Form {
  double constant = 0;
  std::map<index::FieldId, double> field_weights;  // bm25(field) -> its weight, all >= 0
};

// The form of `expr`, or nullopt when it is not a non-negative combination of bm25 features.
std::optional<LinearBm25Form> linear_bm25_form(const schema::RankExpr& expr,
                                               const schema::RankProfile& profile,
                                               const index::IndexConfig& config);

}  // namespace grove::ranking
