#include "config-model/schema/rank_expression_parser.h"

#include <algorithm>

#include "config-model/schema/rank_expr_lexer.h"
#include "config-model/schema/rank_features.h"

namespace grove::schema {
namespace {

using Kind = RankExprToken::Kind;

// Thrown inside the parser only; parse_rank_expression_at converts it to a RankExprError.
struct ExprFailure {
  RankExprError error;
};

class ExprParser {
 public:
  ExprParser(std::string_view text, int first_line, const std::vector<std::string>& params)
      : text_(text), tokens_(lex_rank_expression(text, first_line)), params_(params) {}

  RankExprPtr parse() {
    if (peek().kind == Kind::kEnd) fail(peek(), "empty rank expression");
    RankExprPtr e = parse_expr();
    if (peek().kind != Kind::kEnd)
      fail(peek(), "unexpected " + describe(peek()) + " after the end of the rank expression");
    return e;
  }

 private:
  const RankExprToken& peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  RankExprToken take() {
    RankExprToken t = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return t;
  }
  bool is_op(std::string_view op, size_t ahead = 0) const {
    return peek(ahead).kind == Kind::kOp && peek(ahead).text == op;
  }
  bool accept(std::string_view op) {
    if (!is_op(op)) return false;
    take();
    return true;
  }
  static std::string describe(const RankExprToken& t) {
    return t.kind == Kind::kEnd ? "end of expression" : "'" + std::string(t.text) + "'";
  }
  [[noreturn]] static void fail(const RankExprToken& t, std::string message) {
    throw ExprFailure{RankExprError{t.line, false, std::move(message)}};
  }
  [[noreturn]] static void unsupported(const RankExprToken& t, std::string construct) {
    throw ExprFailure{RankExprError{t.line, true, std::move(construct)}};
  }
  void expect(std::string_view op, std::string_view context) {
    if (accept(op)) return;
    fail(peek(), "expected '" + std::string(op) + "' " + std::string(context) + " but found " +
                     describe(peek()));
  }

  static std::optional<RankOp> compare_op(const RankExprToken& t) {
    if (t.kind != Kind::kOp) return std::nullopt;
    static constexpr std::pair<std::string_view, RankOp> kOps[] = {
        {"<", RankOp::kLt},  {"<=", RankOp::kLe}, {">", RankOp::kGt},
        {">=", RankOp::kGe}, {"==", RankOp::kEq}, {"!=", RankOp::kNe}};
    for (const auto& [s, op] : kOps) {
      if (t.text == s) return op;
    }
    return std::nullopt;
  }

  // An arithmetic expression; a comparison after it is an error outside if() conditions.
  RankExprPtr parse_expr() {
    RankExprPtr e = parse_arith();
    const RankExprToken& t = peek();
    if (compare_op(t) || is_op("&&") || is_op("||")) {
      fail(t, "comparison '" + std::string(t.text) +
                  "' is only allowed in the condition of if(condition, then, else)");
    }
    return e;
  }

  RankExprPtr parse_or() {
    RankExprPtr e = parse_and();
    while (is_op("||")) {
      int line = take().line;
      e = RankExpr::make_binary(RankOp::kOr, e, parse_and(), line);
    }
    return e;
  }

  RankExprPtr parse_and() {
    RankExprPtr e = parse_compare();
    while (is_op("&&")) {
      int line = take().line;
      e = RankExpr::make_binary(RankOp::kAnd, e, parse_compare(), line);
    }
    return e;
  }

  RankExprPtr parse_compare() {
    RankExprPtr lhs = parse_arith();
    if (is_op("~=")) unsupported(peek(), "'~=' operator in rank expression");
    if (peek().kind == Kind::kIdent && peek().text == "in") {
      unsupported(peek(), "'in' operator in rank expression");
    }
    std::optional<RankOp> op = compare_op(peek());
    if (!op) return lhs;
    int line = take().line;
    return RankExpr::make_binary(*op, lhs, parse_arith(), line);
  }

  RankExprPtr parse_arith() {
    RankExprPtr e = parse_term();
    while (is_op("+") || is_op("-")) {
      RankExprToken t = take();
      e = RankExpr::make_binary(t.text == "+" ? RankOp::kAdd : RankOp::kSub, e, parse_term(),
                                t.line);
    }
    return e;
  }

  RankExprPtr parse_term() {
    RankExprPtr e = parse_unary();
    while (is_op("*") || is_op("/") || is_op("%")) {
      RankExprToken t = take();
      RankOp op = t.text == "*" ? RankOp::kMul : t.text == "/" ? RankOp::kDiv : RankOp::kMod;
      e = RankExpr::make_binary(op, e, parse_unary(), t.line);
    }
    if (is_op("^")) unsupported(peek(), "'^' operator in rank expression (use pow(a, b))");
    return e;
  }

  RankExprPtr parse_unary() {
    // Bounds the recursion, so that hostile input cannot overflow the stack.
    if (++nesting_ > kMaxNesting) fail(peek(), "rank expression nested too deeply");
    RankExprPtr e = parse_unary_inner();
    --nesting_;
    return e;
  }

  RankExprPtr parse_unary_inner() {
    if (is_op("-")) {
      int line = take().line;
      return RankExpr::make_unary(RankOp::kNeg, parse_unary(), line);
    }
    if (is_op("+")) {
      take();
      return parse_unary();
    }
    if (is_op("!")) unsupported(peek(), "'!' operator in rank expression");
    return parse_primary();
  }

  RankExprPtr parse_primary() {
    const RankExprToken& t = peek();
    switch (t.kind) {
      case Kind::kNumber:
        return RankExpr::make_number(take().number, t.line);
      case Kind::kString:
        unsupported(t, "string literal " + std::string(t.text) + " in rank expression");
      case Kind::kIdent:
        return parse_name();
      case Kind::kEnd:
        fail(t, "unexpected end of rank expression");
      case Kind::kOp:
        break;
    }
    if (!is_op("(")) fail(t, "unexpected " + describe(t));
    take();
    RankExprPtr e = parse_condition_or_expr();
    expect(")", "to close '('");
    return e;
  }

  // Inside if() conditions a parenthesised part may itself be a condition.
  RankExprPtr parse_condition_or_expr() { return condition_depth_ > 0 ? parse_or() : parse_expr(); }

  RankExprPtr parse_name() {
    RankExprToken name = take();
    if (is_param(name) && !is_op("("))
      return RankExpr::make_param(std::string(name.text), name.line);
    if (name.text == "if") return parse_if(name);
    if (auto fn = find_math_fn(name.text)) return parse_math(name, *fn);
    if (const FeatureSpec* spec = find_feature(name.text)) return parse_feature(name, *spec);
    if (is_unsupported_feature(name.text)) {
      skip_call();
      unsupported(name, "rank feature '" + raw_since(name) + "'");
    }
    return parse_call(name);
  }

  // Parameters of the enclosing function shadow features of the same name.
  bool is_param(const RankExprToken& name) const {
    return std::find(params_.begin(), params_.end(), name.text) != params_.end();
  }

  RankExprPtr parse_if(const RankExprToken& name) {
    expect("(", "after 'if'");
    ++condition_depth_;
    RankExprPtr cond = parse_or();
    --condition_depth_;
    expect(",", "after the condition of if()");
    RankExprPtr then = parse_expr();
    expect(",", "after the 'then' value of if()");
    RankExprPtr otherwise = parse_expr();
    if (is_op(",")) unsupported(peek(), "if() with a fourth (probability) argument");
    expect(")", "to close if(");
    return RankExpr::make_if(cond, then, otherwise, name.line);
  }

  std::vector<RankExprPtr> parse_args(std::string_view name) {
    std::vector<RankExprPtr> args;
    expect("(", "after '" + std::string(name) + "'");
    if (accept(")")) return args;
    int saved_depth = condition_depth_;
    condition_depth_ = 0;
    do {
      args.push_back(parse_expr());
    } while (accept(","));
    condition_depth_ = saved_depth;
    expect(")", "to close " + std::string(name) + "(");
    return args;
  }

  RankExprPtr parse_math(const RankExprToken& name, MathFn fn) {
    std::vector<RankExprPtr> args = parse_args(name.text);
    int arity = math_fn_arity(fn);
    if (static_cast<int>(args.size()) != arity) {
      fail(name, "'" + std::string(name.text) + "' takes " + std::to_string(arity) +
                     (arity == 1 ? " argument" : " arguments") + " but got " +
                     std::to_string(args.size()));
    }
    return RankExpr::make_math(fn, std::move(args), name.line);
  }

  // A feature argument: a name (possibly dotted), a number or a quoted string.
  std::string parse_feature_arg(const RankExprToken& feature) {
    RankExprToken t = take();
    if (t.kind == Kind::kNumber) return std::string(t.text);
    if (t.kind == Kind::kString) return std::string(t.text.substr(1, t.text.size() - 2));
    if (t.kind != Kind::kIdent) {
      fail(t, "expected a name as argument of '" + std::string(feature.text) + "' but found " +
                  describe(t));
    }
    std::string arg(t.text);
    while (is_op(".") && peek(1).kind == Kind::kIdent) {
      take();
      arg += "." + std::string(take().text);
    }
    return arg;
  }

  RankExprPtr parse_feature(const RankExprToken& name, const FeatureSpec& spec) {
    std::vector<std::string> args;
    if (accept("(")) {
      if (!is_op(")")) {
        do {
          args.push_back(parse_feature_arg(name));
        } while (accept(","));
      }
      expect(")", "to close " + std::string(name.text) + "(");
    }
    check_feature_args(name, spec, args);
    if (is_op(".")) {
      take();
      while (peek().kind == Kind::kIdent || is_op(".")) take();
      unsupported(name, "rank feature output '" + raw_since(name) + "'");
    }
    return RankExpr::make_feature(std::string(name.text), std::move(args), name.line);
  }

  static void check_feature_args(const RankExprToken& name, const FeatureSpec& spec,
                                 const std::vector<std::string>& args) {
    bool ok = true;
    switch (spec.args) {
      case FeatureArgs::kNone:
        ok = args.empty();
        break;
      case FeatureArgs::kOneField:
      case FeatureArgs::kQueryInput:
        ok = args.size() == 1;
        break;
      case FeatureArgs::kAnyFields:
        break;
    }
    if (!ok) {
      fail(name, "wrong arguments for rank feature '" + std::string(name.text) + "'; write it as " +
                     std::string(spec.usage));
    }
  }

  RankExprPtr parse_call(const RankExprToken& name) {
    std::string n(name.text);
    std::vector<RankExprPtr> args;
    if (is_op("(")) args = parse_args(name.text);
    if (is_op(".")) {
      skip_call();
      unsupported(name, "rank feature output '" + raw_since(name) + "'");
    }
    return RankExpr::make_call(n, std::move(args), name.line);
  }

  // Skips a balanced "(...)" and any ".output" after the current position.
  void skip_call() {
    int depth = 0;
    while (peek().kind != Kind::kEnd) {
      if (is_op("(")) ++depth;
      if (is_op(")") && --depth == 0) {
        take();
        break;
      }
      if (depth == 0 && !is_op("(")) break;
      take();
    }
    while (is_op(".") && peek(1).kind == Kind::kIdent) {
      take();
      take();
    }
  }

  // The source text from `start` to the end of the last consumed token.
  std::string raw_since(const RankExprToken& start) const {
    const RankExprToken& last = tokens_[pos_ == 0 ? 0 : pos_ - 1];
    size_t end = last.offset + last.text.size();
    std::string out;
    for (char c : text_.substr(start.offset, end - start.offset)) {
      if (c != ' ' && c != '\n' && c != '\t' && c != '\r') out += c;
    }
    return out;
  }

  std::string_view text_;
  std::vector<RankExprToken> tokens_;
  const std::vector<std::string>& params_;
  size_t pos_ = 0;
  int condition_depth_ = 0;
  static constexpr int kMaxNesting = 256;
  int nesting_ = 0;
};

}  // namespace

RankExprParse parse_rank_expression_at(std::string_view text, int first_line,
                                       const std::vector<std::string>& params) {
  try {
    return RankExprParse{ExprParser(text, first_line, params).parse(), {}};
  } catch (const ExprFailure& failure) {
    return RankExprParse{nullptr, failure.error};
  }
}

std::string unknown_name_message(std::string_view name) {
  return "unknown rank feature or function '" + std::string(name) +
         "'; supported features: " + std::string(supported_features_text()) +
         "; math functions: " + std::string(supported_math_text());
}

Result<RankExprPtr> parse_rank_expression(std::string_view text) {
  RankExprParse parsed = parse_rank_expression_at(text, 1, {});
  if (!parsed.expr) {
    const RankExprError& e = parsed.error;
    return Status::InvalidArgument(e.unsupported ? "unsupported: " + e.message : e.message);
  }
  for (const RankExpr* node : all_nodes(*parsed.expr)) {
    if (node->kind == RankExpr::Kind::kCall) {
      return Status::InvalidArgument(unknown_name_message(node->name));
    }
  }
  return parsed.expr;
}

}  // namespace grove::schema
