#pragma once

// The catalog of rank features and math functions Grove evaluates, and of Vespa features it
// knows but rejects as unsupported. The expression parser and the schema checks both read it,
// so the list of what is supported lives in one place (and in docs/schema-subset.md).
//
// Immutable static data; thread-safe.

#include <optional>
#include <string_view>

#include "config-model/schema/rank_expr.h"

namespace grove::schema {

// What a feature's arguments must name.
enum class FeatureArgs {
  kNone,        // nativeRank-style features with no argument list: firstPhase
  kOneField,    // bm25(title)
  kAnyFields,   // nativeRank, nativeRank(title, body)
  kQueryInput,  // query(name)
};

// What the fields named by the arguments must be.
enum class FieldNeed { kNone, kIndexedString, kAttribute, kIndexedOrAttribute };

struct FeatureSpec {
  std::string_view name;
  FeatureArgs args;
  FieldNeed need;
  std::string_view usage;  // e.g. "bm25(field)"
};

// Returns the spec of the supported feature `name`, or nullptr.
const FeatureSpec* find_feature(std::string_view name);

// Returns the math function called `name` ("abs" maps to kFabs), or nullopt.
std::optional<MathFn> find_math_fn(std::string_view name);

// The number of arguments `fn` takes.
int math_fn_arity(MathFn fn);

// True for names of Vespa rank features and tensor functions Grove rejects as unsupported
// (tensors, ONNX, machine-learned models, term-level features).
bool is_unsupported_feature(std::string_view name);

// "bm25(field), attribute(field), ..." and "log, exp, ...": for error messages.
std::string_view supported_features_text();
std::string_view supported_math_text();

}  // namespace grove::schema
