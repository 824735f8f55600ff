#pragma once

// The YQL lexer: query text -> tokens with their byte offsets, for yql_parser.h.
//
// Tokens:
//   identifier  [A-Za-z_][A-Za-z0-9_.]*       (keywords are identifiers; the parser compares
//                                               them without regard to case)
//   string      "..." or '...' with the escapes \" \' \\ \/ \n \t \r \b \f \uXXXX; `text` holds
//               the unescaped value
//   number      [0-9]+(.[0-9]+)?([eE][+-]?[0-9]+)?[lL]?   (no sign: '-' is a symbol)
//   symbol      ( ) , ; { } : * ! != < <= > >= = - + @ [ ]
//   end         after the last token
// Spaces, tabs and newlines separate tokens.
//
// Usage:
//   Result<std::vector<YqlToken>> tokens = lex_yql("select * from sources * where true");
//
// Errors are InvalidArgument "Could not parse query: at position N: ..." with N the 1-based
// character (code point) position. Pure function; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::query {

enum class YqlTokenKind { kIdentifier, kString, kNumber, kSymbol, kEnd };

struct YqlToken {
  YqlTokenKind kind = YqlTokenKind::kEnd;
  std::string text;   // the identifier, the unescaped string, the number or the symbol
  size_t offset = 0;  // byte offset of the token's first character in the query text
};

Result<std::vector<YqlToken>> lex_yql(std::string_view text);

// The 1-based character position of byte `offset` in `text`, counting UTF-8 code points.
size_t character_position(std::string_view text, size_t offset);

// "Could not parse query: at position N: <detail>", with N from character_position().
Status yql_syntax_error(std::string_view text, size_t offset, std::string_view detail);

}  // namespace grove::query
