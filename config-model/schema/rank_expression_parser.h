#pragma once

// Parsing of rank expressions (the text after `expression:` in a rank profile) into RankExpr
// trees. Grammar (docs/schema-subset.md has the full version):
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/' | '%') unary)*
//   unary   := '-' unary | primary
//   primary := number | '(' expr ')' | if '(' cond ',' expr ',' expr ')'
//            | mathfn '(' expr (',' expr)* ')' | feature | name ['(' expr (',' expr)* ')']
//   cond    := and ('||' and)*;  and := cmp ('&&' cmp)*;  cmp := expr [('<'|'<='|...) expr]
//
// Usage:
//   Result<RankExprPtr> e = parse_rank_expression("if(attribute(year) > 2000, 1, 0.5)");
//
// Thread-safe: the functions keep no state between calls.

#include <string>
#include <string_view>
#include <vector>

#include "config-model/schema/rank_expr.h"
#include "services/base/result.h"

namespace grove::schema {

struct RankExprError {
  int line = 0;
  bool unsupported = false;  // a Vespa construct Grove rejects, rather than a mistake
  std::string message;       // for unsupported errors: the construct, e.g. "rank feature 'x'"
};

struct RankExprParse {
  RankExprPtr expr;     // null on error
  RankExprError error;  // meaningful when expr is null
};

// Parses `text`, whose first line is line `first_line` of its file. `params` are the parameter
// names of the rank-profile function whose body this is: a bare name among them becomes a
// kParam node. Any other unknown name becomes a kCall node, to be resolved against the
// profile's functions by the caller. Never throws.
RankExprParse parse_rank_expression_at(std::string_view text, int first_line,
                                       const std::vector<std::string>& params);

// Parses a standalone expression, where no rank-profile functions exist: a name that is not a
// supported feature or math function is an error that lists the supported ones.
// Fails with InvalidArgument ("unsupported: ..." for rejected Vespa constructs).
Result<RankExprPtr> parse_rank_expression(std::string_view text);

// "unknown rank feature or function 'foo'; supported features: ...; math functions: ...".
std::string unknown_name_message(std::string_view name);

}  // namespace grove::schema
