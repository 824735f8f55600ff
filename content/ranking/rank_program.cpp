#include "content/ranking/rank_program.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace grove::ranking {

using schema::RankExpr;

Result<uint32_t> FeatureTable::add(const RankExpr& node, bool second_phase) {
  GROVE_ASSIGN_OR_RETURN(FeatureSpec spec, resolve_feature(node, config_, second_phase));
  for (uint32_t i = 0; i < features_.size(); ++i) {
    if (features_[i].name == spec.name) return i;
  }
  features_.push_back(std::move(spec));
  return static_cast<uint32_t>(features_.size() - 1);
}

// Walks an expression tree and emits ops, tracking the stack depth.
class ProgramCompiler {
 public:
  ProgramCompiler(const schema::RankProfile& profile, bool second_phase, FeatureTable& features)
      : profile_(profile), second_phase_(second_phase), features_(features) {}

  Result<RankProgram> run(const RankExpr& expr) {
    GROVE_RETURN_IF_ERROR(emit(expr, nullptr, 0));
    return std::move(program_);
  }

 private:
  // Parameter bindings of an inlined function call: name -> (argument, caller's bindings).
  struct Env {
    std::map<std::string, const RankExpr*> args;
    const Env* caller = nullptr;
  };

  void push(OpCode code, uint32_t arg = 0, double value = 0) {
    program_.ops_.push_back(ProgramOp{code, arg, value});
  }
  void grow(int delta) {
    depth_ += delta;
    program_.max_stack_ = std::max(program_.max_stack_, static_cast<size_t>(depth_));
  }

  Status emit(const RankExpr& e, const Env* env, int nesting);
  Status emit_binary(const RankExpr& e, const Env* env, int nesting);
  Status emit_if(const RankExpr& e, const Env* env, int nesting);
  Status emit_call(const RankExpr& e, const Env* env, int nesting);

  const schema::RankProfile& profile_;
  bool second_phase_;
  FeatureTable& features_;
  RankProgram program_;
  int depth_ = 0;
};

namespace {

OpCode binary_code(schema::RankOp op) {
  switch (op) {
    case schema::RankOp::kAdd:
      return OpCode::kAdd;
    case schema::RankOp::kSub:
      return OpCode::kSub;
    case schema::RankOp::kMul:
      return OpCode::kMul;
    case schema::RankOp::kDiv:
      return OpCode::kDiv;
    case schema::RankOp::kMod:
      return OpCode::kMod;
    case schema::RankOp::kLt:
      return OpCode::kLt;
    case schema::RankOp::kLe:
      return OpCode::kLe;
    case schema::RankOp::kGt:
      return OpCode::kGt;
    case schema::RankOp::kGe:
      return OpCode::kGe;
    case schema::RankOp::kEq:
      return OpCode::kEq;
    case schema::RankOp::kNe:
      return OpCode::kNe;
    case schema::RankOp::kAnd:
      return OpCode::kAnd;
    case schema::RankOp::kOr:
      return OpCode::kOr;
    case schema::RankOp::kNeg:
      break;
  }
  return OpCode::kNeg;
}

OpCode math_code(schema::MathFn fn) {
  switch (fn) {
    case schema::MathFn::kLog:
      return OpCode::kLog;
    case schema::MathFn::kLog10:
      return OpCode::kLog10;
    case schema::MathFn::kExp:
      return OpCode::kExp;
    case schema::MathFn::kSqrt:
      return OpCode::kSqrt;
    case schema::MathFn::kPow:
      return OpCode::kPow;
    case schema::MathFn::kMax:
      return OpCode::kMax;
    case schema::MathFn::kMin:
      return OpCode::kMin;
    case schema::MathFn::kFabs:
      return OpCode::kFabs;
    case schema::MathFn::kFloor:
      return OpCode::kFloor;
    case schema::MathFn::kCeil:
      return OpCode::kCeil;
  }
  return OpCode::kFabs;
}

}  // namespace

Status ProgramCompiler::emit(const RankExpr& e, const Env* env, int nesting) {
  switch (e.kind) {
    case RankExpr::Kind::kNumber:
      push(OpCode::kConst, 0, e.number);
      grow(1);
      return Status::Ok();
    case RankExpr::Kind::kFeature: {
      GROVE_ASSIGN_OR_RETURN(uint32_t index, features_.add(e, second_phase_));
      push(OpCode::kFeature, index);
      grow(1);
      return Status::Ok();
    }
    case RankExpr::Kind::kMath:
      for (const auto& child : e.children) GROVE_RETURN_IF_ERROR(emit(*child, env, nesting));
      push(math_code(e.math));
      grow(1 - static_cast<int>(e.children.size()));
      return Status::Ok();
    case RankExpr::Kind::kUnary:
      GROVE_RETURN_IF_ERROR(emit(*e.children[0], env, nesting));
      push(OpCode::kNeg);
      return Status::Ok();
    case RankExpr::Kind::kBinary:
    case RankExpr::Kind::kCompare:
    case RankExpr::Kind::kLogical:
      return emit_binary(e, env, nesting);
    case RankExpr::Kind::kIf:
      return emit_if(e, env, nesting);
    case RankExpr::Kind::kCall:
      return emit_call(e, env, nesting);
    case RankExpr::Kind::kParam:
      if (env != nullptr) {  // parameters are visible in their own function only
        auto it = env->args.find(e.name);
        if (it != env->args.end()) return emit(*it->second, env->caller, nesting);
      }
      return Status::InvalidArgument(fmt::format("unbound function parameter '{}'", e.name));
  }
  return Status::Internal("unknown rank expression node");
}

Status ProgramCompiler::emit_binary(const RankExpr& e, const Env* env, int nesting) {
  GROVE_RETURN_IF_ERROR(emit(*e.children[0], env, nesting));
  GROVE_RETURN_IF_ERROR(emit(*e.children[1], env, nesting));
  push(binary_code(e.op));
  grow(-1);
  return Status::Ok();
}

Status ProgramCompiler::emit_if(const RankExpr& e, const Env* env, int nesting) {
  GROVE_RETURN_IF_ERROR(emit(*e.children[0], env, nesting));
  const size_t jump_else = program_.ops_.size();
  push(OpCode::kJumpIfZero);
  grow(-1);
  GROVE_RETURN_IF_ERROR(emit(*e.children[1], env, nesting));
  const size_t jump_end = program_.ops_.size();
  push(OpCode::kJump);
  grow(-1);  // the else branch starts from the depth before the then branch
  program_.ops_[jump_else].arg = static_cast<uint32_t>(program_.ops_.size());
  GROVE_RETURN_IF_ERROR(emit(*e.children[2], env, nesting));
  program_.ops_[jump_end].arg = static_cast<uint32_t>(program_.ops_.size());
  return Status::Ok();
}

Status ProgramCompiler::emit_call(const RankExpr& e, const Env* env, int nesting) {
  const schema::RankFunction* fn = profile_.find_function(e.name);
  if (fn == nullptr) {
    return Status::InvalidArgument(
        fmt::format("rank profile '{}': unknown function '{}'", profile_.name, e.name));
  }
  if (fn->params.size() != e.children.size()) {
    return Status::InvalidArgument(fmt::format("function '{}' takes {} arguments, not {}", e.name,
                                               fn->params.size(), e.children.size()));
  }
  if (nesting >= 32) {
    return Status::InvalidArgument(
        fmt::format("function '{}': calls nested more than 32 deep (recursion?)", e.name));
  }
  Env inner;
  inner.caller = env;
  for (size_t i = 0; i < fn->params.size(); ++i) inner.args[fn->params[i]] = e.children[i].get();
  return emit(*fn->body, &inner, nesting + 1);
}

Result<RankProgram> RankProgram::compile(const RankExpr& expr, const schema::RankProfile& profile,
                                         bool second_phase, FeatureTable& features) {
  ProgramCompiler compiler(profile, second_phase, features);
  return compiler.run(expr);
}

double RankProgram::run(const double* features, double* stack) const {
  double* sp = stack;
  const ProgramOp* ops = ops_.data();
  const size_t n = ops_.size();
  for (size_t pc = 0; pc < n; ++pc) {
    const ProgramOp& op = ops[pc];
    switch (op.code) {
      case OpCode::kConst:
        *sp++ = op.value;
        break;
      case OpCode::kFeature:
        *sp++ = features[op.arg];
        break;
      case OpCode::kAdd:
        --sp;
        sp[-1] += sp[0];
        break;
      case OpCode::kSub:
        --sp;
        sp[-1] -= sp[0];
        break;
      case OpCode::kMul:
        --sp;
        sp[-1] *= sp[0];
        break;
      case OpCode::kDiv:
        --sp;
        sp[-1] /= sp[0];
        break;
      case OpCode::kMod:
        --sp;
        sp[-1] = std::fmod(sp[-1], sp[0]);
        break;
      case OpCode::kNeg:
        sp[-1] = -sp[-1];
        break;
      case OpCode::kLt:
        --sp;
        sp[-1] = sp[-1] < sp[0] ? 1 : 0;
        break;
      case OpCode::kLe:
        --sp;
        sp[-1] = sp[-1] <= sp[0] ? 1 : 0;
        break;
      case OpCode::kGt:
        --sp;
        sp[-1] = sp[-1] > sp[0] ? 1 : 0;
        break;
      case OpCode::kGe:
        --sp;
        sp[-1] = sp[-1] >= sp[0] ? 1 : 0;
        break;
      case OpCode::kEq:
        --sp;
        sp[-1] = sp[-1] == sp[0] ? 1 : 0;
        break;
      case OpCode::kNe:
        --sp;
        sp[-1] = sp[-1] != sp[0] ? 1 : 0;
        break;
      case OpCode::kAnd:
        --sp;
        sp[-1] = (sp[-1] != 0 && sp[0] != 0) ? 1 : 0;
        break;
      case OpCode::kOr:
        --sp;
        sp[-1] = (sp[-1] != 0 || sp[0] != 0) ? 1 : 0;
        break;
      case OpCode::kLog:
        sp[-1] = std::log(sp[-1]);
        break;
      case OpCode::kLog10:
        sp[-1] = std::log10(sp[-1]);
        break;
      case OpCode::kExp:
        sp[-1] = std::exp(sp[-1]);
        break;
      case OpCode::kSqrt:
        sp[-1] = std::sqrt(sp[-1]);
        break;
      case OpCode::kPow:
        --sp;
        sp[-1] = std::pow(sp[-1], sp[0]);
        break;
      case OpCode::kMax:
        --sp;
        sp[-1] = std::max(sp[-1], sp[0]);
        break;
      case OpCode::kMin:
        --sp;
        sp[-1] = std::min(sp[-1], sp[0]);
        break;
      case OpCode::kFabs:
        sp[-1] = std::fabs(sp[-1]);
        break;
      case OpCode::kFloor:
        sp[-1] = std::floor(sp[-1]);
        break;
      case OpCode::kCeil:
        sp[-1] = std::ceil(sp[-1]);
        break;
      case OpCode::kJumpIfZero:
        --sp;
        if (*sp == 0) pc = op.arg - 1;
        break;
      case OpCode::kJump:
        pc = op.arg - 1;
        break;
    }
  }
  return sp[-1];
}

}  // namespace grove::ranking
