#pragma once

// FeatureSpec: one rank feature of an expression, resolved against the index configuration
// once per config generation: which kind it is, which fields or attributes it reads and which
// output it returns. The catalog (and what each feature computes) is in docs/rank-features.md.
//
// Usage:
//   Result<FeatureSpec> f = resolve_feature(*node, index_config, /*second_phase=*/false);
//
// Immutable value type; thread-safe.

#include <string>
#include <vector>

#include "config-model/schema/rank_expr.h"
#include "content/index/index_config.h"
#include "services/base/result.h"

namespace grove::ranking {

enum class FeatureKind {
  kBm25,              // bm25(field)
  kAttribute,         // attribute(field)
  kNativeRank,        // nativeRank[(field, ...)]
  kNativeFieldMatch,  // nativeFieldMatch[(field, ...)]
  kNativeProximity,   // nativeProximity[(field, ...)]
  kFieldMatch,        // fieldMatch(field)[.output]
  kMatches,           // matches(field)
  kQuery,             // query(name)
  kFirstPhase,        // firstPhase, in the second phase only
};

// The outputs of fieldMatch(field).
enum class FieldMatchOutput {
  kScore,
  kCompleteness,
  kQueryCompleteness,
  kFieldCompleteness,
  kProximity
};

struct FeatureSpec {
  std::string name;  // canonical, e.g. "bm25(title)" or "fieldMatch(title).proximity"
  FeatureKind kind = FeatureKind::kBm25;
  std::vector<index::FieldId> fields;          // indexed fields the feature reads
  std::vector<index::AttributeId> attributes;  // attributes the feature reads
  bool all_fields = false;  // native* without arguments: every field the query searches
  std::string query_name;   // kQuery
  FieldMatchOutput output = FieldMatchOutput::kScore;

  // True when the feature reads word positions (the iterators must unpack them).
  bool needs_positions() const;
};

// Resolves a kFeature node. Fails with InvalidArgument naming the feature when it is unknown,
// names a field the index does not have (or of the wrong kind), has an unknown output, or is
// firstPhase outside the second phase.
Result<FeatureSpec> resolve_feature(const schema::RankExpr& node, const index::IndexConfig& config,
                                    bool second_phase);

}  // namespace grove::ranking
