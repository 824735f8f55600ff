#pragma once

// RankSetup: one rank profile compiled against one index configuration, once per config
// generation: the first- and second-phase programs, the features they read, the rerank count,
// and whether the first phase is a non-negative sum of bm25 terms (which allows pruning).
// It hands out a cheap RankExecutor per query.
//
// RankProfiles holds the setups of every profile of a schema, by name.
//
// Usage:
//   auto profiles = RankProfiles::compile(schema, index_config);         // per generation
//   const RankSetup* setup = profiles->find("default");
//   std::unique_ptr<RankExecutor> exec = setup->make_executor(rank_query);   // per query
//
// Immutable after compile; thread-safe. Executors borrow their setup: it must outlive them.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/schema/schema.h"
#include "content/index/index_config.h"
#include "content/ranking/feature_spec.h"
#include "content/ranking/linear_form.h"
#include "content/ranking/rank_program.h"
#include "content/ranking/rank_query.h"
#include "services/base/result.h"

namespace grove::ranking {

class RankExecutor;

class RankSetup {
 public:
  // Fails with InvalidArgument naming the profile and the feature or function at fault.
  static Result<std::unique_ptr<RankSetup>> compile(const schema::RankProfile& profile,
                                                    const index::IndexConfig& config);

  const std::string& name() const { return name_; }
  const index::IndexConfig& config() const { return config_; }
  bool has_second_phase() const { return second_.has_value(); }
  uint32_t rerank_count() const { return rerank_count_; }
  // Whether matching must unpack word positions for the features used.
  bool needs_positions() const { return needs_positions_; }
  // Set when the first phase is `c + sum(w * bm25(f))` with w >= 0.
  const std::optional<LinearBm25Form>& linear_first_phase() const { return linear_; }

  const std::vector<FeatureSpec>& features() const { return features_; }
  const RankProgram& first_phase() const { return first_; }
  const RankProgram* second_phase() const { return second_ ? &*second_ : nullptr; }
  // Positions in features() each phase computes.
  const std::vector<uint32_t>& first_phase_features() const { return first_features_; }
  const std::vector<uint32_t>& second_phase_features() const { return second_features_; }

  // A per-query executor. `query` (and what it points to) must outlive it.
  std::unique_ptr<RankExecutor> make_executor(const RankQuery& query) const;

 private:
  explicit RankSetup(const index::IndexConfig& config) : config_(config) {}

  std::string name_;
  // Invariant: config_ outlives the setup (it belongs to the same config generation).
  const index::IndexConfig& config_;
  RankProgram first_;
  std::optional<RankProgram> second_;
  uint32_t rerank_count_ = 0;
  bool needs_positions_ = false;
  std::optional<LinearBm25Form> linear_;
  std::vector<FeatureSpec> features_;
  std::vector<uint32_t> first_features_;
  std::vector<uint32_t> second_features_;
};

class RankProfiles {
 public:
  // Compiles every rank profile of `schema`. `config` must outlive the result.
  static Result<RankProfiles> compile(const schema::Schema& schema,
                                      const index::IndexConfig& config);
  // Compiles the given profiles (tests, benchmarks).
  static Result<RankProfiles> compile(const std::vector<schema::RankProfile>& profiles,
                                      const index::IndexConfig& config);

  // The setup of profile `name`, or nullptr.
  const RankSetup* find(std::string_view name) const;

 private:
  std::vector<std::unique_ptr<RankSetup>> setups_;
};

// Builds a profile from expression texts, for tests and tools: `second_phase` may be empty.
// Fails with InvalidArgument when an expression does not parse.
Result<schema::RankProfile> make_rank_profile(std::string name, std::string_view first_phase,
                                              std::string_view second_phase = {},
                                              int rerank_count = schema::kDefaultRerankCount);

}  // namespace grove::ranking
