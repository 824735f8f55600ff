#pragma once

// YqlCursor: the YQL parser's view of the token list: look ahead, take, match keywords without
// regard to case, and fail with Vespa-style messages that give the position and what was
// expected ("at position 23: expected 'contains' or a comparison after 'title'").
//
// Failing throws YqlParseFailure, which parse_yql() catches at its entry and returns as a
// Status; it never leaves the parser (STYLE habit 4: exceptions only for parsing at the edge).
//
// Usage (inside the parser):
//   cursor.expect_keyword("from", "'from'");
//   if (cursor.accept_symbol(",")) ...;
//   cursor.fail_expected("an expression");
//
// Confined to one parse on one thread; borrows the query text for its lifetime.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "container/query/yql_lexer.h"
#include "services/base/status.h"

namespace grove::query {

// Thrown inside the parser; carries the Status parse_yql() returns.
struct YqlParseFailure {
  Status status;
};

class YqlCursor {
 public:
  // Requires `tokens` to end with a kEnd token (as lex_yql() returns it).
  YqlCursor(std::string_view text, std::vector<YqlToken> tokens);

  const YqlToken& peek(size_t ahead = 0) const;
  // Returns the current token and moves past it (never past the end token).
  const YqlToken& take();
  // The token before the current one; requires at least one token taken.
  const YqlToken& previous() const;
  bool at_end() const { return peek().kind == YqlTokenKind::kEnd; }

  // A saved position, for the one place the grammar needs to back up.
  size_t mark() const { return index_; }
  void reset(size_t mark) { index_ = mark; }

  // True when the token `ahead` is this identifier (any case) or this symbol.
  bool at_keyword(std::string_view keyword, size_t ahead = 0) const;
  bool at_symbol(std::string_view symbol, size_t ahead = 0) const;
  // Take the token when it matches; return whether it did.
  bool accept_keyword(std::string_view keyword);
  bool accept_symbol(std::string_view symbol);
  // Take the token when it matches, else fail_expected(what).
  const YqlToken& expect_keyword(std::string_view keyword, std::string_view what);
  const YqlToken& expect_symbol(std::string_view symbol, std::string_view what);

  // "expected <what> after '<previous token>'" at the current token.
  [[noreturn]] void fail_expected(std::string_view what) const;
  // "<detail>" at `token`.
  [[noreturn]] void fail_at(const YqlToken& token, std::string_view detail) const;
  // Fails with `status` as is (e.g. the NotFound of an empty userQuery()).
  [[noreturn]] static void fail(Status status);

  // The token as an error message quotes it: 'title', "term", or "the end of the query".
  static std::string describe(const YqlToken& token);

  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
  std::vector<YqlToken> tokens_;  // Invariant: not empty, and the last one is kEnd
  size_t index_ = 0;              // Invariant: < tokens_.size()
};

// True when `a` and `b` are equal ignoring ASCII case.
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace grove::query
