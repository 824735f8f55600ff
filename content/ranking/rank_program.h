#pragma once

// RankProgram: a rank expression compiled into a flat array of stack-machine operations. Feature
// values are computed before the program runs and read by index, so evaluating a document is
// one tight loop over a few dozen ops: no allocation, no virtual call, no tree walk.
//
// Calls of rank-profile functions are inlined at compile time (their parameters replaced by
// the argument expressions), so the program is self-contained. `if` compiles to jumps;
// comparisons and && / || give 1 or 0.
//
// Usage:
//   FeatureTable table(index_config);
//   Result<RankProgram> p = RankProgram::compile(*profile.first_phase, profile, false, table);
//   double score = p->run(feature_values, stack);   // stack: max_stack() doubles
//
// Immutable after compile; run() is const and thread-safe (the caller owns the stack).

#include <cstdint>
#include <vector>

#include "config-model/schema/rank_profile.h"
#include "content/ranking/feature_spec.h"
#include "services/base/result.h"

namespace grove::ranking {

// The features a setup's programs read, each once; a program refers to them by position.
class FeatureTable {
 public:
  explicit FeatureTable(const index::IndexConfig& config) : config_(config) {}

  // The position of the feature `node` names, resolving and adding it if new.
  Result<uint32_t> add(const schema::RankExpr& node, bool second_phase);

  const std::vector<FeatureSpec>& features() const { return features_; }
  std::vector<FeatureSpec> release() { return std::move(features_); }

 private:
  const index::IndexConfig& config_;
  std::vector<FeatureSpec> features_;
};

enum class OpCode : uint8_t {
  kConst,
  kFeature,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kNeg,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kAnd,
  kOr,
  kLog,
  kLog10,
  kExp,
  kSqrt,
  kPow,
  kMax,
  kMin,
  kFabs,
  kFloor,
  kCeil,
  kJumpIfZero,
  kJump,
};

struct ProgramOp {
  OpCode code = OpCode::kConst;
  uint32_t arg = 0;  // feature position or jump target
  double value = 0;  // kConst
};

class RankProgram {
 public:
  // Compiles `expr` of `profile` (whose functions it may call). Fails with InvalidArgument for
  // unknown features or functions, wrong argument counts and calls nested over 32 deep.
  static Result<RankProgram> compile(const schema::RankExpr& expr,
                                     const schema::RankProfile& profile, bool second_phase,
                                     FeatureTable& features);

  // Evaluates with `features` (indexed as in the FeatureTable) and a scratch `stack` of at
  // least max_stack() doubles.
  double run(const double* features, double* stack) const;

  size_t max_stack() const { return max_stack_; }
  const std::vector<ProgramOp>& ops() const { return ops_; }

 private:
  friend class ProgramCompiler;
  std::vector<ProgramOp> ops_;
  size_t max_stack_ = 0;
};

}  // namespace grove::ranking
