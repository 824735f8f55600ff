// The YQL functions of YqlExpressionParser: userQuery(), userInput(), range() and weakAnd().

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "container/query/simple_query_parser.h"
#include "container/query/yql_expression_parser.h"

namespace grove::query {

namespace {

// The item for the user's text, or a failure (NotFound when it is empty) thrown as is.
QueryItem parse_user_text(std::string_view text, const SimpleQueryOptions& options) {
  Result<QueryItem> item = parse_simple_query(text, options);
  if (!item.ok()) YqlCursor::fail(item.status());
  return std::move(item).value();
}

}  // namespace

std::string YqlExpressionParser::parameter(const YqlToken& at, const std::string& name) const {
  if (context_.parameters != nullptr) {
    auto it = context_.parameters->find(name);
    if (it != context_.parameters->end()) return it->second;
  }
  cursor_.fail_at(at, fmt::format("the request has no parameter '{}'", name));
}

QueryItem YqlExpressionParser::user_query(const YqlAnnotations& annotations) {
  annotations.allow_only({}, "userQuery()", cursor_);
  cursor_.expect_symbol("(", "'('");
  if (!cursor_.accept_symbol(")")) cursor_.fail_at(cursor_.peek(), "userQuery() takes no arguments");
  if (!context_.user_query) {
    YqlCursor::fail(Status::NotFound(
        "No query: the YQL uses userQuery() but the request has no 'query' parameter"));
  }
  return parse_user_text(*context_.user_query, context_.user_query_options);
}

QueryItem YqlExpressionParser::user_input(const YqlAnnotations& annotations) {
  annotations.allow_only({"defaultIndex", "grammar", "targetHits"}, "userInput()", cursor_);
  SimpleQueryOptions options = context_.user_query_options;
  options.default_index = annotations.string("defaultIndex", cursor_).value_or(options.default_index);
  if (std::optional<std::string> grammar = annotations.string("grammar", cursor_)) {
    Result<QueryType> type = parse_query_type(*grammar);
    if (!type.ok()) cursor_.fail_at(annotations.find("grammar")->value, type.status().message());
    options.type = *type;
  }
  options.target_hits =
      annotations.integer("targetHits", 1, INT32_MAX, options.target_hits, cursor_);
  cursor_.expect_symbol("(", "'('");
  const std::string text = term_text("a string or @parameter");
  cursor_.expect_symbol(")", "')'");
  return parse_user_text(text, options);
}

QueryItem YqlExpressionParser::range(const YqlAnnotations& annotations) {
  annotations.allow_only({"bounds"}, "range()", cursor_);
  bool left_open = false;
  bool right_open = false;
  if (std::optional<std::string> bounds = annotations.string("bounds", cursor_)) {
    left_open = *bounds == "open" || *bounds == "leftOpen";
    right_open = *bounds == "open" || *bounds == "rightOpen";
    if (!left_open && !right_open && *bounds != "closed") {
      cursor_.fail_at(annotations.find("bounds")->value,
                      "bounds must be \"open\", \"leftOpen\", \"rightOpen\" or \"closed\"");
    }
  }
  cursor_.expect_symbol("(", "'('");
  std::string field = field_name().text;
  cursor_.expect_symbol(",", "','");
  const double low = number();
  cursor_.expect_symbol(",", "','");
  const double high = number();
  cursor_.expect_symbol(")", "')'");
  std::optional<Bound> lower;
  std::optional<Bound> upper;
  if (low != -std::numeric_limits<double>::infinity()) lower = Bound{low, !left_open};
  if (high != std::numeric_limits<double>::infinity()) upper = Bound{high, !right_open};
  return QueryItem::range(std::move(field), lower, upper);
}

QueryItem YqlExpressionParser::weak_and(YqlAnnotations annotations, int depth) {
  cursor_.expect_symbol("(", "'('");
  if (cursor_.at_symbol("{")) {
    // weakAnd({targetHits: 10}, ...): the annotations as a first argument.
    const size_t mark = cursor_.mark();
    YqlAnnotations first = YqlAnnotations::parse(cursor_);
    if (cursor_.accept_symbol(",")) {
      annotations.merge(first, cursor_);
    } else {
      cursor_.reset(mark);
    }
  }
  annotations.allow_only({"targetHits", "targetNumHits"}, "weakAnd()", cursor_);
  int32_t target = annotations.integer("targetHits", 1, INT32_MAX, kDefaultTargetHits, cursor_);
  target = annotations.integer("targetNumHits", 1, INT32_MAX, target, cursor_);
  std::vector<QueryItem> children;
  do {
    children.push_back(or_expression(depth + 1));
  } while (cursor_.accept_symbol(","));
  cursor_.expect_symbol(")", "',' or ')'");
  return QueryItem::weak_and(std::move(children), target);
}

}  // namespace grove::query
