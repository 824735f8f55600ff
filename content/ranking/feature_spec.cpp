#include "content/ranking/feature_spec.h"

#include <fmt/format.h>

#include <map>
#include <optional>

namespace grove::ranking {
namespace {

const std::map<std::string, FeatureKind, std::less<>>& kinds() {
  static const std::map<std::string, FeatureKind, std::less<>> kKinds = {
      {"bm25", FeatureKind::kBm25},
      {"attribute", FeatureKind::kAttribute},
      {"nativeRank", FeatureKind::kNativeRank},
      {"nativeFieldMatch", FeatureKind::kNativeFieldMatch},
      {"nativeProximity", FeatureKind::kNativeProximity},
      {"fieldMatch", FeatureKind::kFieldMatch},
      {"matches", FeatureKind::kMatches},
      {"query", FeatureKind::kQuery},
      {"firstPhase", FeatureKind::kFirstPhase},
  };
  return kKinds;
}

std::optional<FieldMatchOutput> field_match_output(std::string_view output) {
  if (output.empty()) return FieldMatchOutput::kScore;
  if (output == "completeness") return FieldMatchOutput::kCompleteness;
  if (output == "queryCompleteness") return FieldMatchOutput::kQueryCompleteness;
  if (output == "fieldCompleteness") return FieldMatchOutput::kFieldCompleteness;
  if (output == "proximity") return FieldMatchOutput::kProximity;
  return std::nullopt;
}

Status bad(const FeatureSpec& f, std::string_view why) {
  return Status::InvalidArgument(fmt::format("rank feature '{}': {}", f.name, why));
}

// Resolves the field arguments: indexed fields, and attributes where `attributes_ok`.
Status resolve_fields(const schema::RankExpr& node, const index::IndexConfig& config,
                      bool indexed_ok, bool attributes_ok, FeatureSpec& f) {
  for (const std::string& arg : node.args) {
    std::optional<index::FieldId> field;
    std::optional<index::AttributeId> attr;
    if (indexed_ok) field = config.find_index_field(arg);
    if (attributes_ok) attr = config.find_attribute(arg);
    if (!field.has_value() && !attr.has_value()) {
      return bad(f, fmt::format("'{}' is not {}", arg,
                                indexed_ok && attributes_ok ? "an indexed field or an attribute"
                                : indexed_ok                ? "an indexed field"
                                                            : "an attribute"));
    }
    if (field) f.fields.push_back(*field);
    if (attr) f.attributes.push_back(*attr);
  }
  return Status::Ok();
}

Status check_arity(const schema::RankExpr& node, const FeatureSpec& f) {
  switch (f.kind) {
    case FeatureKind::kBm25:
    case FeatureKind::kAttribute:
    case FeatureKind::kFieldMatch:
    case FeatureKind::kMatches:
    case FeatureKind::kQuery:
      if (node.args.size() != 1) return bad(f, "takes exactly one argument");
      return Status::Ok();
    case FeatureKind::kFirstPhase:
      if (!node.args.empty()) return bad(f, "takes no arguments");
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

}  // namespace

bool FeatureSpec::needs_positions() const {
  return kind == FeatureKind::kNativeRank || kind == FeatureKind::kNativeFieldMatch ||
         kind == FeatureKind::kNativeProximity || kind == FeatureKind::kFieldMatch;
}

Result<FeatureSpec> resolve_feature(const schema::RankExpr& node, const index::IndexConfig& config,
                                    bool second_phase) {
  FeatureSpec f;
  f.name = node.feature_name();
  if (!node.output.empty()) f.name += "." + node.output;
  auto it = kinds().find(node.name);
  if (it == kinds().end()) return bad(f, "unknown feature");
  f.kind = it->second;
  GROVE_RETURN_IF_ERROR(check_arity(node, f));
  if (f.kind != FeatureKind::kFieldMatch && !node.output.empty()) {
    return bad(f, fmt::format("has no output '{}'", node.output));
  }
  switch (f.kind) {
    case FeatureKind::kBm25:
    case FeatureKind::kFieldMatch:
      GROVE_RETURN_IF_ERROR(resolve_fields(node, config, true, false, f));
      break;
    case FeatureKind::kAttribute:
      GROVE_RETURN_IF_ERROR(resolve_fields(node, config, false, true, f));
      break;
    case FeatureKind::kMatches:
    case FeatureKind::kNativeRank:
      GROVE_RETURN_IF_ERROR(resolve_fields(node, config, true, true, f));
      break;
    case FeatureKind::kNativeFieldMatch:
    case FeatureKind::kNativeProximity:
      GROVE_RETURN_IF_ERROR(resolve_fields(node, config, true, false, f));
      break;
    case FeatureKind::kQuery:
      f.query_name = node.args[0];
      break;
    case FeatureKind::kFirstPhase:
      if (!second_phase) return bad(f, "is only available in the second phase");
      break;
  }
  f.all_fields = node.args.empty() && f.kind != FeatureKind::kFirstPhase;
  if (f.kind == FeatureKind::kFieldMatch) {
    std::optional<FieldMatchOutput> out = field_match_output(node.output);
    if (!out) return bad(f, fmt::format("has no output '{}'", node.output));
    f.output = *out;
  }
  return f;
}

}  // namespace grove::ranking
