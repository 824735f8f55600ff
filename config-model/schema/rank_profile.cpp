#include "config-model/schema/rank_profile.h"

#include <set>

namespace grove::schema {
namespace {

void collect(const RankProfile& profile, const RankExpr& expr, std::set<std::string>& features,
             std::set<std::string>& visited) {
  for (const RankExpr* node : all_nodes(expr)) {
    if (node->kind == RankExpr::Kind::kFeature) features.insert(node->feature_name());
    if (node->kind != RankExpr::Kind::kCall || !visited.insert(node->name).second) continue;
    if (const RankFunction* fn = profile.find_function(node->name)) {
      collect(profile, *fn->body, features, visited);
    }
  }
}

}  // namespace

const RankFunction* RankProfile::find_function(const std::string& name) const {
  auto it = functions.find(name);
  return it == functions.end() ? nullptr : &it->second;
}

std::vector<std::string> RankProfile::needed_features() const {
  std::set<std::string> features;
  std::set<std::string> visited;
  if (first_phase) collect(*this, *first_phase, features, visited);
  if (second_phase) collect(*this, *second_phase, features, visited);
  return {features.begin(), features.end()};
}

}  // namespace grove::schema
