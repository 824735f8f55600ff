#pragma once

// RankExprLexer: splits the text of one rank expression into tokens, counting lines so that
// errors in multi-line `expression { ... }` blocks point at the right .sd line.
// Internal to the schema library. Owned by one parser call; not thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace grove::schema {

struct RankExprToken {
  enum class Kind { kNumber, kIdent, kString, kOp, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view text;  // points into the lexed text
  double number = 0;      // kNumber
  int line = 0;
  size_t offset = 0;  // byte offset of the token in the text
};

// Splits `text`; the first line is numbered `first_line`. On a character that starts no token
// the result ends with a kOp token holding that character, which the parser reports.
std::vector<RankExprToken> lex_rank_expression(std::string_view text, int first_line);

}  // namespace grove::schema
