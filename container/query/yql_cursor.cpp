#include "container/query/yql_cursor.h"

#include <fmt/format.h>

#include "services/base/assert.h"

namespace grove::query {

namespace {

constexpr size_t kMaxQuotedChars = 40;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

YqlCursor::YqlCursor(std::string_view text, std::vector<YqlToken> tokens)
    : text_(text), tokens_(std::move(tokens)) {
  GROVE_ASSERT(!tokens_.empty() && tokens_.back().kind == YqlTokenKind::kEnd);
}

const YqlToken& YqlCursor::peek(size_t ahead) const {
  return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
}

const YqlToken& YqlCursor::take() {
  const YqlToken& token = tokens_[index_];
  if (index_ + 1 < tokens_.size()) ++index_;
  return token;
}

const YqlToken& YqlCursor::previous() const {
  GROVE_ASSERT(index_ > 0);
  return tokens_[index_ - 1];
}

bool YqlCursor::at_keyword(std::string_view keyword, size_t ahead) const {
  const YqlToken& t = peek(ahead);
  return t.kind == YqlTokenKind::kIdentifier && equals_ignore_case(t.text, keyword);
}

bool YqlCursor::at_symbol(std::string_view symbol, size_t ahead) const {
  const YqlToken& t = peek(ahead);
  return t.kind == YqlTokenKind::kSymbol && t.text == symbol;
}

bool YqlCursor::accept_keyword(std::string_view keyword) {
  if (!at_keyword(keyword)) return false;
  take();
  return true;
}

bool YqlCursor::accept_symbol(std::string_view symbol) {
  if (!at_symbol(symbol)) return false;
  take();
  return true;
}

const YqlToken& YqlCursor::expect_keyword(std::string_view keyword, std::string_view what) {
  if (!at_keyword(keyword)) fail_expected(what);
  return take();
}

const YqlToken& YqlCursor::expect_symbol(std::string_view symbol, std::string_view what) {
  if (!at_symbol(symbol)) fail_expected(what);
  return take();
}

void YqlCursor::fail_expected(std::string_view what) const {
  if (index_ == 0) fail_at(peek(), fmt::format("expected {}", what));
  fail_at(peek(), fmt::format("expected {} after {}", what, describe(previous())));
}

void YqlCursor::fail_at(const YqlToken& token, std::string_view detail) const {
  throw YqlParseFailure{yql_syntax_error(text_, token.offset, detail)};
}

void YqlCursor::fail(Status status) { throw YqlParseFailure{std::move(status)}; }

std::string YqlCursor::describe(const YqlToken& token) {
  switch (token.kind) {
    case YqlTokenKind::kEnd: return "the end of the query";
    case YqlTokenKind::kString: {
      if (token.text.size() <= kMaxQuotedChars) return fmt::format("\"{}\"", token.text);
      size_t cut = kMaxQuotedChars;  // do not split a UTF-8 sequence
      while (cut > 0 && (static_cast<unsigned char>(token.text[cut]) & 0xC0) == 0x80) --cut;
      return fmt::format("\"{}...\"", token.text.substr(0, cut));
    }
    default: return fmt::format("'{}'", token.text);
  }
}

}  // namespace grove::query
