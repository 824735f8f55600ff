#pragma once

// YqlExpressionParser: the expression after YQL's `where`, into a QueryItem (the grammar is in
// docs/yql.md). Negation follows Vespa: `a and !b and !c` is ANDNOT(a, b, c); a `!` with no
// positive sibling negates everything, ANDNOT(TRUE, x).
//
// Usage (inside parse_yql):
//   YqlExpressionParser expressions(cursor, context);
//   QueryItem root = expressions.parse();  // stops at the first token that cannot continue it
//
// Confined to one parse; failures throw YqlParseFailure through the cursor, which parse_yql()
// catches. Borrows the cursor and the context for its lifetime.

#include <string_view>
#include <vector>

#include "container/query/query_item.h"
#include "container/query/yql_annotations.h"
#include "container/query/yql_cursor.h"
#include "container/query/yql_parser.h"

namespace grove::query {

class YqlExpressionParser {
 public:
  YqlExpressionParser(YqlCursor& cursor, const YqlContext& context);

  // One expression (an `or` of `and`s), from the cursor's position.
  QueryItem parse() { return or_expression(0); }

 private:
  struct Operand {
    QueryItem item;
    bool negated = false;
  };

  QueryItem or_expression(int depth);
  QueryItem and_expression(int depth);
  Operand unary(int depth);
  QueryItem primary(int depth);
  QueryItem call(const YqlToken& name, const YqlAnnotations& annotations, int depth);
  QueryItem field_expression(const YqlToken& field);
  QueryItem reversed_comparison();
  QueryItem contains(const YqlToken& field);
  // The term or phrase after `contains` (and its opening parenthesis, if any).
  QueryItem contained(const YqlToken& field);
  QueryItem phrase(const YqlToken& field, const YqlAnnotations& annotations);

  QueryItem user_query(const YqlAnnotations& annotations);
  QueryItem user_input(const YqlAnnotations& annotations);
  QueryItem range(const YqlAnnotations& annotations);
  QueryItem weak_and(YqlAnnotations annotations, int depth);

  // A string literal or an @parameter; fails when empty.
  std::string term_text(std::string_view what);
  // The value of the request parameter `name`; fails at `at` when there is none.
  std::string parameter(const YqlToken& at, const std::string& name) const;
  // [+|-] (number | Infinity).
  double number();
  const YqlToken& field_name();
  void enter(int depth) const;

  YqlCursor& cursor_;
  const YqlContext& context_;
};

}  // namespace grove::query
