#include "content/ranking/rank_setup.h"

#include <fmt/format.h>

#include <algorithm>

#include "config-model/schema/rank_expression_parser.h"
#include "content/ranking/rank_executor.h"

namespace grove::ranking {
namespace {

// The feature positions a program reads, sorted and unique.
std::vector<uint32_t> features_of(const RankProgram& program) {
  std::vector<uint32_t> out;
  for (const ProgramOp& op : program.ops()) {
    if (op.code == OpCode::kFeature) out.push_back(op.arg);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status in_profile(const Status& s, const std::string& profile) {
  return Status(s.code(), fmt::format("rank profile '{}': {}", profile, s.message()));
}

}  // namespace

Result<std::unique_ptr<RankSetup>> RankSetup::compile(const schema::RankProfile& profile,
                                                      const index::IndexConfig& config) {
  std::unique_ptr<RankSetup> setup(new RankSetup(config));
  setup->name_ = profile.name;
  FeatureTable table(config);
  Result<RankProgram> first = RankProgram::compile(*profile.first_phase, profile, false, table);
  if (!first.ok()) return in_profile(first.status(), profile.name);
  setup->first_ = std::move(first).value();
  if (profile.second_phase) {
    Result<RankProgram> second = RankProgram::compile(*profile.second_phase, profile, true, table);
    if (!second.ok()) return in_profile(second.status(), profile.name);
    setup->second_ = std::move(second).value();
    setup->second_features_ = features_of(*setup->second_);
  }
  setup->rerank_count_ = static_cast<uint32_t>(std::max(0, profile.rerank_count));
  setup->first_features_ = features_of(setup->first_);
  setup->features_ = table.release();
  for (const FeatureSpec& f : setup->features_) setup->needs_positions_ |= f.needs_positions();
  setup->linear_ = linear_bm25_form(*profile.first_phase, profile, config);
  return setup;
}

std::unique_ptr<RankExecutor> RankSetup::make_executor(const RankQuery& query) const {
  return std::make_unique<RankExecutor>(*this, query);
}

Result<RankProfiles> RankProfiles::compile(const schema::Schema& schema,
                                           const index::IndexConfig& config) {
  return compile(schema.rank_profiles(), config);
}

Result<RankProfiles> RankProfiles::compile(const std::vector<schema::RankProfile>& profiles,
                                           const index::IndexConfig& config) {
  RankProfiles out;
  for (const schema::RankProfile& p : profiles) {
    GROVE_ASSIGN_OR_RETURN(std::unique_ptr<RankSetup> setup, RankSetup::compile(p, config));
    out.setups_.push_back(std::move(setup));
  }
  return out;
}

const RankSetup* RankProfiles::find(std::string_view name) const {
  for (const auto& s : setups_) {
    if (s->name() == name) return s.get();
  }
  return nullptr;
}

Result<schema::RankProfile> make_rank_profile(std::string name, std::string_view first_phase,
                                              std::string_view second_phase, int rerank_count) {
  schema::RankProfile p;
  p.name = std::move(name);
  p.rerank_count = rerank_count;
  GROVE_ASSIGN_OR_RETURN(p.first_phase, schema::parse_rank_expression(first_phase));
  if (!second_phase.empty()) {
    GROVE_ASSIGN_OR_RETURN(p.second_phase, schema::parse_rank_expression(second_phase));
  }
  return p;
}

}  // namespace grove::ranking
