#pragma once

// RankExpr: one node of a parsed rank expression (first-phase, second-phase or a function body).
//
// The tree is built once per config generation by the schema parser and evaluated later by the
// content node, which compiles it into a per-query executor. Nodes are immutable after
// construction. They are held by RankExprPtr (shared_ptr) because a profile that inherits
// another shares the parent's trees instead of copying them, and a generation's trees stay alive
// as long as any query of that generation runs.
//
// Usage:
//   Result<RankExprPtr> e = parse_rank_expression("bm25(title) + 2 * attribute(year)");
//   e.value()->to_string();          // "bm25(title) + 2 * attribute(year)"
//   needed_features(*e.value());     // {"attribute(year)", "bm25(title)"}
//
// Thread-safety: immutable, safe to share between threads.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace grove::schema {

struct RankExpr;
using RankExprPtr = std::shared_ptr<const RankExpr>;

// Operators. kAdd..kMod are kBinary, kNeg is kUnary, kLt..kNe are kCompare, kAnd and kOr are
// kLogical.
enum class RankOp { kAdd, kSub, kMul, kDiv, kMod, kNeg, kLt, kLe, kGt, kGe, kEq, kNe, kAnd, kOr };

// Built-in math functions. kFabs also serves `abs`.
enum class MathFn { kLog, kLog10, kExp, kSqrt, kPow, kMax, kMin, kFabs, kFloor, kCeil };

// The operator's spelling ("+", "<=", "&&") and the math function's name ("log", "pow").
std::string_view rank_op_symbol(RankOp op);
std::string_view math_fn_name(MathFn fn);

struct RankExpr {
  enum class Kind {
    kNumber,   // number
    kFeature,  // a rank feature: name, args, output (bm25(title), nativeRank, query(w))
    kMath,     // math(children...): log(x), pow(a, b)
    kCall,     // a call of a rank-profile function: name(children...)
    kParam,    // a parameter of the enclosing rank-profile function: name
    kUnary,    // op children[0]
    kBinary,   // children[0] op children[1], arithmetic
    kCompare,  // children[0] op children[1], only inside if() conditions
    kLogical,  // children[0] op children[1], && and ||, only inside if() conditions
    kIf,       // if(children[0], children[1], children[2])
  };

  Kind kind = Kind::kNumber;
  double number = 0;              // kNumber
  std::string name;               // kFeature, kCall, kParam
  std::vector<std::string> args;  // kFeature: arguments as written (field or query names)
  std::string output;             // kFeature: dotted output; empty for the main output
  RankOp op = RankOp::kAdd;       // kUnary, kBinary, kCompare, kLogical
  MathFn math = MathFn::kLog;     // kMath
  std::vector<RankExprPtr> children;
  int line = 0;  // source line of the node (the .sd line in a schema, else 1-based in the text)

  // Prints the expression back in canonical form, with the fewest parentheses that keep its
  // meaning: parse_rank_expression(e.to_string()) gives an equal tree.
  std::string to_string() const;

  // The canonical feature name of a kFeature node: "bm25(title)", "nativeRank(title,body)".
  std::string feature_name() const;

  static RankExprPtr make_number(double value, int line = 0);
  static RankExprPtr make_feature(std::string name, std::vector<std::string> args, int line = 0);
  static RankExprPtr make_math(MathFn fn, std::vector<RankExprPtr> args, int line = 0);
  static RankExprPtr make_call(std::string name, std::vector<RankExprPtr> args, int line = 0);
  static RankExprPtr make_param(std::string name, int line = 0);
  static RankExprPtr make_unary(RankOp op, RankExprPtr operand, int line = 0);
  // kBinary, kCompare or kLogical, chosen from `op`.
  static RankExprPtr make_binary(RankOp op, RankExprPtr lhs, RankExprPtr rhs, int line = 0);
  static RankExprPtr make_if(RankExprPtr cond, RankExprPtr then, RankExprPtr otherwise,
                             int line = 0);
};

// The canonical names of the features `expr` reads directly, sorted and without duplicates.
// Calls of rank-profile functions are not followed; RankProfile::needed_features() does that.
std::vector<std::string> needed_features(const RankExpr& expr);

// Every node of `expr` (pre-order), for checks that walk the whole tree.
std::vector<const RankExpr*> all_nodes(const RankExpr& expr);

}  // namespace grove::schema
