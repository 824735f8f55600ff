#include "container/query/yql_expression_parser.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "container/query/simple_query_parser.h"
#include "services/base/parse_number.h"

namespace grove::query {

namespace {

constexpr std::string_view kFunctions = "userQuery, userInput, range, weakAnd";

// Words that end an expression or start a clause, so they cannot be field names.
constexpr std::string_view kReserved[] = {"and", "or", "where", "order", "limit",
                                          "offset", "timeout", "select", "from"};

// Vespa functions that Grove does not support, so that the error can say so.
constexpr std::string_view kUnsupported[] = {
    "nearestNeighbor", "wand", "weightedSet", "dotProduct", "geoLocation", "sameElement",
    "near", "onear", "equiv", "rank", "nonEmpty", "predicate", "fuzzy", "uri", "matches",
    "regex", "substring", "prefix", "suffix", "text", "userInputs", "in"};

constexpr std::string_view kComparisons[] = {"<", "<=", ">", ">=", "="};

bool is_one_of(std::string_view word, const auto& list) {
  for (std::string_view w : list) {
    if (equals_ignore_case(word, w)) return true;
  }
  return false;
}

// `field op value` as a range; infinite bounds in the open direction mean unbounded.
QueryItem comparison(std::string field, std::string_view op, double v) {
  std::optional<Bound> lower;
  std::optional<Bound> upper;
  const bool bounded_below = v != -std::numeric_limits<double>::infinity();
  const bool bounded_above = v != std::numeric_limits<double>::infinity();
  if ((op == ">" || op == ">=" || op == "=") && bounded_below) lower = Bound{v, op != ">"};
  if ((op == "<" || op == "<=" || op == "=") && bounded_above) upper = Bound{v, op != "<"};
  return QueryItem::range(std::move(field), lower, upper);
}

std::string_view mirrored(std::string_view op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;
}

}  // namespace

YqlExpressionParser::YqlExpressionParser(YqlCursor& cursor, const YqlContext& context)
    : cursor_(cursor), context_(context) {}

void YqlExpressionParser::enter(int depth) const {
  if (depth > kMaxYqlDepth) {
    cursor_.fail_at(cursor_.peek(),
                    fmt::format("the query nests more than {} levels deep", kMaxYqlDepth));
  }
}

QueryItem YqlExpressionParser::or_expression(int depth) {
  std::vector<QueryItem> items;
  do {
    items.push_back(and_expression(depth));
  } while (cursor_.accept_keyword("or"));
  return items.size() == 1 ? std::move(items[0]) : QueryItem::or_(std::move(items));
}

QueryItem YqlExpressionParser::and_expression(int depth) {
  std::vector<QueryItem> positives;
  std::vector<QueryItem> negatives;
  do {
    Operand o = unary(depth);
    (o.negated ? negatives : positives).push_back(std::move(o.item));
  } while (cursor_.accept_keyword("and"));
  std::optional<QueryItem> positive;
  if (positives.size() == 1) positive = std::move(positives[0]);
  if (positives.size() > 1) positive = QueryItem::and_(std::move(positives));
  if (negatives.empty()) return std::move(*positive);
  return QueryItem::and_not(positive ? std::move(*positive) : QueryItem::always(),
                            std::move(negatives));
}

YqlExpressionParser::Operand YqlExpressionParser::unary(int depth) {
  if (!cursor_.accept_symbol("!")) return {primary(depth), false};
  enter(depth + 1);
  Operand inner = unary(depth + 1);
  inner.negated = !inner.negated;
  return inner;
}

QueryItem YqlExpressionParser::primary(int depth) {
  enter(depth);
  if (cursor_.accept_symbol("(")) {
    QueryItem inner = or_expression(depth + 1);
    cursor_.expect_symbol(")", "'and', 'or' or ')'");
    return inner;
  }
  if (cursor_.at_symbol("{")) {
    YqlAnnotations annotations = YqlAnnotations::parse(cursor_);
    if (cursor_.peek().kind != YqlTokenKind::kIdentifier || !cursor_.at_symbol("(", 1)) {
      cursor_.fail_expected("a function such as weakAnd(...) or range(...)");
    }
    const YqlToken& name = cursor_.take();
    return call(name, annotations, depth);
  }
  const YqlToken& t = cursor_.peek();
  if (t.kind == YqlTokenKind::kNumber || cursor_.at_symbol("-") || cursor_.at_symbol("+")) {
    return reversed_comparison();
  }
  if (t.kind != YqlTokenKind::kIdentifier || is_one_of(t.text, kReserved)) {
    cursor_.fail_expected("an expression");
  }
  const YqlToken& name = cursor_.take();
  if (cursor_.at_symbol("(")) return call(name, YqlAnnotations(), depth);
  if (equals_ignore_case(name.text, "true")) return QueryItem::always();
  if (equals_ignore_case(name.text, "false")) return QueryItem::never();
  return field_expression(name);
}

QueryItem YqlExpressionParser::call(const YqlToken& name, const YqlAnnotations& annotations,
                                    int depth) {
  const std::string& f = name.text;
  if (equals_ignore_case(f, "userQuery")) return user_query(annotations);
  if (equals_ignore_case(f, "userInput")) return user_input(annotations);
  if (equals_ignore_case(f, "range")) return range(annotations);
  if (equals_ignore_case(f, "weakAnd")) return weak_and(annotations, depth);
  if (equals_ignore_case(f, "phrase")) {
    cursor_.fail_at(name, "phrase(...) must follow 'contains', as in title contains phrase(\"a\", \"b\")");
  }
  if (is_one_of(f, kUnsupported)) {
    cursor_.fail_at(name, fmt::format("function '{}' is not supported; supported functions: {}", f,
                                      kFunctions));
  }
  cursor_.fail_at(name, fmt::format("unknown function '{}'; supported functions: {}", f, kFunctions));
}

QueryItem YqlExpressionParser::field_expression(const YqlToken& field) {
  if (cursor_.accept_keyword("contains")) return contains(field);
  for (std::string_view op : kComparisons) {
    if (cursor_.accept_symbol(op)) return comparison(field.text, op, number());
  }
  const YqlToken& t = cursor_.peek();
  if (cursor_.at_symbol("!=")) {
    cursor_.fail_at(t, fmt::format("'!=' is not supported; write !({} = ...)", field.text));
  }
  if (t.kind == YqlTokenKind::kIdentifier && is_one_of(t.text, kUnsupported)) {
    cursor_.fail_at(t, fmt::format("operator '{}' is not supported; expected 'contains' or a "
                                   "comparison after '{}'", t.text, field.text));
  }
  if (equals_ignore_case(field.text, "not")) {
    cursor_.fail_at(field, "'not' is not YQL; negate with '!', as in !(title contains \"a\")");
  }
  cursor_.fail_expected("'contains' or a comparison");
}

QueryItem YqlExpressionParser::reversed_comparison() {
  const double v = number();
  for (std::string_view op : kComparisons) {
    if (cursor_.accept_symbol(op)) return comparison(field_name().text, mirrored(op), v);
  }
  cursor_.fail_expected("a comparison (<, <=, >, >=, =)");
}

QueryItem YqlExpressionParser::contains(const YqlToken& field) {
  if (!cursor_.accept_symbol("(")) return contained(field);
  QueryItem item = contained(field);
  cursor_.expect_symbol(")", "')'");
  return item;
}

QueryItem YqlExpressionParser::contained(const YqlToken& field) {
  YqlAnnotations annotations;
  if (cursor_.at_symbol("{")) annotations = YqlAnnotations::parse(cursor_);
  const YqlToken& t = cursor_.peek();
  if (t.kind == YqlTokenKind::kIdentifier && cursor_.at_symbol("(", 1)) {
    if (equals_ignore_case(t.text, "phrase")) return phrase(field, annotations);
    cursor_.fail_at(t, fmt::format("'{}(...)' is not supported after 'contains'; use a string or "
                                   "phrase(...)", t.text));
  }
  if (t.kind != YqlTokenKind::kString && !cursor_.at_symbol("@")) {
    cursor_.fail_expected("a string or phrase(...)");
  }
  annotations.allow_only({"weight"}, "a term", cursor_);
  const int32_t weight = annotations.integer("weight", 0, INT32_MAX, kDefaultWeight, cursor_);
  return QueryItem::term(field.text, term_text("a string"), weight);
}

QueryItem YqlExpressionParser::phrase(const YqlToken& field, const YqlAnnotations& annotations) {
  annotations.allow_only({"weight"}, "a phrase", cursor_);
  const int32_t weight = annotations.integer("weight", 0, INT32_MAX, kDefaultWeight, cursor_);
  cursor_.take();  // phrase
  cursor_.expect_symbol("(", "'('");
  std::vector<std::string> words;
  do {
    words.push_back(term_text("a string"));
  } while (cursor_.accept_symbol(","));
  cursor_.expect_symbol(")", "',' or ')'");
  return QueryItem::phrase(field.text, std::move(words), weight);
}

std::string YqlExpressionParser::term_text(std::string_view what) {
  const YqlToken& t = cursor_.peek();
  std::string text;
  if (cursor_.accept_symbol("@")) {
    const YqlToken& name = cursor_.peek();
    if (name.kind != YqlTokenKind::kIdentifier) cursor_.fail_expected("a parameter name");
    cursor_.take();
    text = parameter(t, name.text);
  } else if (t.kind == YqlTokenKind::kString) {
    text = cursor_.take().text;
  } else {
    cursor_.fail_expected(what);
  }
  if (text.empty()) cursor_.fail_at(t, "a term must not be empty");
  return text;
}

double YqlExpressionParser::number() {
  double sign = 1;
  if (cursor_.accept_symbol("-")) {
    sign = -1;
  } else {
    cursor_.accept_symbol("+");
  }
  const YqlToken& t = cursor_.peek();
  if (cursor_.at_keyword("Infinity")) {
    cursor_.take();
    return sign * std::numeric_limits<double>::infinity();
  }
  double v = 0;
  if (t.kind != YqlTokenKind::kNumber || !parse_double(t.text, v) || !std::isfinite(v)) {
    cursor_.fail_expected("a number");
  }
  cursor_.take();
  return sign * v;
}

const YqlToken& YqlExpressionParser::field_name() {
  const YqlToken& t = cursor_.peek();
  if (t.kind != YqlTokenKind::kIdentifier || is_one_of(t.text, kReserved)) {
    cursor_.fail_expected("a field name");
  }
  return cursor_.take();
}

}  // namespace grove::query
