#include "config-model/schema/rank_features.h"

#include <array>

namespace grove::schema {
namespace {

constexpr std::array<FeatureSpec, 9> kFeatures = {{
    {"bm25", FeatureArgs::kOneField, FieldNeed::kIndexedString, "bm25(field)"},
    {"attribute", FeatureArgs::kOneField, FieldNeed::kAttribute, "attribute(field)"},
    {"nativeRank", FeatureArgs::kAnyFields, FieldNeed::kIndexedOrAttribute,
     "nativeRank[(field, ...)]"},
    {"nativeFieldMatch", FeatureArgs::kAnyFields, FieldNeed::kIndexedString,
     "nativeFieldMatch[(field, ...)]"},
    {"nativeProximity", FeatureArgs::kAnyFields, FieldNeed::kIndexedString,
     "nativeProximity[(field, ...)]"},
    {"fieldMatch", FeatureArgs::kOneField, FieldNeed::kIndexedString, "fieldMatch(field)"},
    {"matches", FeatureArgs::kOneField, FieldNeed::kIndexedOrAttribute, "matches(field)"},
    {"query", FeatureArgs::kQueryInput, FieldNeed::kNone, "query(name)"},
    {"firstPhase", FeatureArgs::kNone, FieldNeed::kNone, "firstPhase"},
}};

struct MathEntry {
  std::string_view name;
  MathFn fn;
  int arity;
};

constexpr std::array<MathEntry, 11> kMath = {{
    {"log", MathFn::kLog, 1},
    {"log10", MathFn::kLog10, 1},
    {"exp", MathFn::kExp, 1},
    {"sqrt", MathFn::kSqrt, 1},
    {"pow", MathFn::kPow, 2},
    {"max", MathFn::kMax, 2},
    {"min", MathFn::kMin, 2},
    {"fabs", MathFn::kFabs, 1},
    {"abs", MathFn::kFabs, 1},
    {"floor", MathFn::kFloor, 1},
    {"ceil", MathFn::kCeil, 1},
}};

constexpr std::array<std::string_view, 48> kUnsupported = {
    "closeness",
    "distance",
    "distanceToPath",
    "closestElement",
    "onnx",
    "onnxModel",
    "onnx_vespa",
    "lightgbm",
    "xgboost",
    "tensorflow",
    "tensorFromWeightedSet",
    "tensorFromLabels",
    "tensorFromStructs",
    "constant",
    "sum",
    "reduce",
    "map",
    "join",
    "merge",
    "concat",
    "rename",
    "tensor",
    "cell_cast",
    "argmax",
    "argmin",
    "l1_normalize",
    "l2_normalize",
    "matmul",
    "softmax",
    "expand",
    "diag",
    "random",
    "range",
    "embed",
    "nativeDotProduct",
    "dotProduct",
    "rawScore",
    "itemRawScore",
    "term",
    "queryTermCount",
    "elementSimilarity",
    "elementCompleteness",
    "attributeMatch",
    "fieldTermMatch",
    "textSimilarity",
    "freshness",
    "age",
    "now",
};

}  // namespace

const FeatureSpec* find_feature(std::string_view name) {
  for (const auto& spec : kFeatures) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::optional<MathFn> find_math_fn(std::string_view name) {
  for (const auto& m : kMath) {
    if (m.name == name) return m.fn;
  }
  return std::nullopt;
}

int math_fn_arity(MathFn fn) {
  for (const auto& m : kMath) {
    if (m.fn == fn) return m.arity;
  }
  return 1;
}

bool is_unsupported_feature(std::string_view name) {
  for (auto n : kUnsupported) {
    if (n == name) return true;
  }
  return false;
}

std::string_view supported_features_text() {
  return "bm25(field), attribute(field), nativeRank, nativeRank(field, ...), nativeFieldMatch, "
         "nativeProximity, fieldMatch(field), matches(field), query(name), firstPhase";
}

std::string_view supported_math_text() {
  return "log, log10, exp, sqrt, pow, max, min, fabs, abs, floor, ceil, if";
}

}  // namespace grove::schema
