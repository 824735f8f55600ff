#include "config-model/schema/rank_expr.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace grove::schema {
namespace {

constexpr int kPrecPrimary = 7;
constexpr int kPrecUnary = 6;

int precedence(const RankExpr& e) {
  switch (e.kind) {
    case RankExpr::Kind::kNumber:
      return e.number < 0 ? kPrecUnary : kPrecPrimary;
    case RankExpr::Kind::kUnary:
      return kPrecUnary;
    case RankExpr::Kind::kBinary:
      return (e.op == RankOp::kAdd || e.op == RankOp::kSub) ? 4 : 5;
    case RankExpr::Kind::kCompare:
      return 3;
    case RankExpr::Kind::kLogical:
      return e.op == RankOp::kAnd ? 2 : 1;
    default:
      return kPrecPrimary;
  }
}

std::string format_number(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, res.ptr);
}

std::string wrap(const RankExpr& e, bool parens) {
  return parens ? "(" + e.to_string() + ")" : e.to_string();
}

std::string join_children(const RankExpr& e) {
  std::string out;
  for (size_t i = 0; i < e.children.size(); ++i) {
    if (i > 0) out += ", ";
    out += e.children[i]->to_string();
  }
  return out;
}

RankExprPtr make(RankExpr node) {
  return std::make_shared<const RankExpr>(std::move(node));
}

}  // namespace

std::string_view rank_op_symbol(RankOp op) {
  switch (op) {
    case RankOp::kAdd:
      return "+";
    case RankOp::kSub:
      return "-";
    case RankOp::kMul:
      return "*";
    case RankOp::kDiv:
      return "/";
    case RankOp::kMod:
      return "%";
    case RankOp::kNeg:
      return "-";
    case RankOp::kLt:
      return "<";
    case RankOp::kLe:
      return "<=";
    case RankOp::kGt:
      return ">";
    case RankOp::kGe:
      return ">=";
    case RankOp::kEq:
      return "==";
    case RankOp::kNe:
      return "!=";
    case RankOp::kAnd:
      return "&&";
    case RankOp::kOr:
      return "||";
  }
  return "?";
}

std::string_view math_fn_name(MathFn fn) {
  switch (fn) {
    case MathFn::kLog:
      return "log";
    case MathFn::kLog10:
      return "log10";
    case MathFn::kExp:
      return "exp";
    case MathFn::kSqrt:
      return "sqrt";
    case MathFn::kPow:
      return "pow";
    case MathFn::kMax:
      return "max";
    case MathFn::kMin:
      return "min";
    case MathFn::kFabs:
      return "fabs";
    case MathFn::kFloor:
      return "floor";
    case MathFn::kCeil:
      return "ceil";
  }
  return "?";
}

std::string RankExpr::feature_name() const {
  std::string out = name;
  if (!args.empty()) {
    out += '(';
    for (size_t i = 0; i < args.size(); ++i) {
      if (i > 0) out += ',';
      out += args[i];
    }
    out += ')';
  }
  if (!output.empty()) out += "." + output;
  return out;
}

std::string RankExpr::to_string() const {
  switch (kind) {
    case Kind::kNumber:
      return format_number(number);
    case Kind::kFeature:
      return feature_name();
    case Kind::kParam:
      return name;
    case Kind::kMath:
      return std::string(math_fn_name(math)) + "(" + join_children(*this) + ")";
    case Kind::kCall:
      return children.empty() ? name : name + "(" + join_children(*this) + ")";
    case Kind::kIf:
      return "if(" + join_children(*this) + ")";
    case Kind::kUnary:
      return std::string(rank_op_symbol(op)) +
             wrap(*children[0], precedence(*children[0]) < kPrecPrimary);
    case Kind::kBinary:
    case Kind::kCompare:
    case Kind::kLogical:
      break;
  }
  // Left-associative: a child of equal precedence needs parentheses only on the right.
  int p = precedence(*this);
  return wrap(*children[0], precedence(*children[0]) < p) + " " + std::string(rank_op_symbol(op)) +
         " " + wrap(*children[1], precedence(*children[1]) <= p);
}

RankExprPtr RankExpr::make_number(double value, int line) {
  RankExpr e;
  e.kind = Kind::kNumber;
  e.number = value;
  e.line = line;
  return make(std::move(e));
}

RankExprPtr RankExpr::make_feature(std::string name, std::vector<std::string> args, int line) {
  RankExpr e;
  e.kind = Kind::kFeature;
  e.name = std::move(name);
  e.args = std::move(args);
  e.line = line;
  return make(std::move(e));
}

RankExprPtr RankExpr::make_math(MathFn fn, std::vector<RankExprPtr> args, int line) {
  RankExpr e;
  e.kind = Kind::kMath;
  e.math = fn;
  e.children = std::move(args);
  e.line = line;
  return make(std::move(e));
}

RankExprPtr RankExpr::make_call(std::string name, std::vector<RankExprPtr> args, int line) {
  RankExpr e;
  e.kind = Kind::kCall;
  e.name = std::move(name);
  e.children = std::move(args);
  e.line = line;
  return make(std::move(e));
}

RankExprPtr RankExpr::make_param(std::string name, int line) {
  RankExpr e;
  e.kind = Kind::kParam;
  e.name = std::move(name);
  e.line = line;
  return make(std::move(e));
}

RankExprPtr RankExpr::make_unary(RankOp op, RankExprPtr operand, int line) {
  RankExpr e;
  e.kind = Kind::kUnary;
  e.op = op;
  e.children = {std::move(operand)};
  e.line = line;
  return make(std::move(e));
}

RankExprPtr RankExpr::make_binary(RankOp op, RankExprPtr lhs, RankExprPtr rhs, int line) {
  RankExpr e;
  e.kind = Kind::kBinary;
  if (op >= RankOp::kLt && op <= RankOp::kNe) e.kind = Kind::kCompare;
  if (op == RankOp::kAnd || op == RankOp::kOr) e.kind = Kind::kLogical;
  e.op = op;
  e.children = {std::move(lhs), std::move(rhs)};
  e.line = line;
  return make(std::move(e));
}

RankExprPtr RankExpr::make_if(RankExprPtr cond, RankExprPtr then, RankExprPtr otherwise, int line) {
  RankExpr e;
  e.kind = Kind::kIf;
  e.children = {std::move(cond), std::move(then), std::move(otherwise)};
  e.line = line;
  return make(std::move(e));
}

std::vector<const RankExpr*> all_nodes(const RankExpr& expr) {
  std::vector<const RankExpr*> out;
  std::vector<const RankExpr*> stack = {&expr};
  while (!stack.empty()) {
    const RankExpr* e = stack.back();
    stack.pop_back();
    out.push_back(e);
    for (auto it = e->children.rbegin(); it != e->children.rend(); ++it) stack.push_back(it->get());
  }
  return out;
}

std::vector<std::string> needed_features(const RankExpr& expr) {
  std::set<std::string> names;
  for (const RankExpr* e : all_nodes(expr)) {
    if (e->kind == RankExpr::Kind::kFeature) names.insert(e->feature_name());
  }
  return {names.begin(), names.end()};
}

}  // namespace grove::schema
