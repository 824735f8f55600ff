#pragma once

// RankProfile: how matching documents are scored (`rank-profile NAME inherits P { ... }`).
//
// Every value here is the *effective* one, with `inherits` already resolved: an inherited
// first-phase, second-phase, rerank-count or function appears as if written in this profile.
// So the content node compiles a profile without looking at its parents. A profile with no
// first-phase anywhere in its chain ranks with `nativeRank`, as in Vespa; rerank-count defaults
// to 100.
//
// A plain value type owned by its Schema; immutable once the Schema is built, safe to share.

#include <map>
#include <string>
#include <vector>

#include "config-model/schema/rank_expr.h"

namespace grove::schema {

inline constexpr int kDefaultRerankCount = 100;

// A `function NAME(params) { expression: body }` of a rank profile.
struct RankFunction {
  std::string name;
  std::vector<std::string> params;
  RankExprPtr body;  // never null
  int line = 0;
};

struct RankProfile {
  std::string name;
  std::vector<std::string> inherits;              // as written, in order
  RankExprPtr first_phase;                        // never null
  RankExprPtr second_phase;                       // null when there is no second phase
  int rerank_count = kDefaultRerankCount;         // hits per node re-ranked by second_phase
  std::map<std::string, RankFunction> functions;  // own and inherited
  bool implicit = false;                          // the generated `default` profile
  int line = 0;

  // Returns the function `name`, or nullptr.
  const RankFunction* find_function(const std::string& name) const;

  // The canonical names of every feature the profile's phases need, following calls into its
  // functions; sorted, without duplicates. The content node uses it to declare the statistics
  // (term and field-length counts, attributes) that a query must gather.
  std::vector<std::string> needed_features() const;
};

}  // namespace grove::schema
