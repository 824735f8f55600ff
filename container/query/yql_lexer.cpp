#include "container/query/yql_lexer.h"

#include <fmt/format.h>

#include "services/text/utf8.h"

namespace grove::query {

namespace {

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c) || c == '.'; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Turns the text into tokens; stops at the first error.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<YqlToken>> run() {
    while (true) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ >= text_.size()) break;
      Status s = next_token();
      if (!s.ok()) return s;
    }
    tokens_.push_back({YqlTokenKind::kEnd, "", text_.size()});
    return std::move(tokens_);
  }

 private:
  Status next_token() {
    const char c = text_[pos_];
    if (is_ident_start(c)) return scan_while(YqlTokenKind::kIdentifier, is_ident_char);
    if (is_digit(c)) return number();
    if (c == '"' || c == '\'') return string(c);
    return symbol();
  }

  Status scan_while(YqlTokenKind kind, bool (*accept)(char)) {
    const size_t start = pos_;
    while (pos_ < text_.size() && accept(text_[pos_])) ++pos_;
    tokens_.push_back({kind, std::string(text_.substr(start, pos_ - start)), start});
    return Status::Ok();
  }

  bool skip_digits() {
    const size_t start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    return pos_ > start;
  }

  Status number() {
    const size_t start = pos_;
    skip_digits();
    if (pos_ + 1 < text_.size() && text_[pos_] == '.' && is_digit(text_[pos_ + 1])) {
      ++pos_;
      skip_digits();
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      const size_t mark = pos_++;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!skip_digits()) pos_ = mark;  // "5e" is 5 followed by an identifier
    }
    std::string digits(text_.substr(start, pos_ - start));
    if (pos_ < text_.size() && (text_[pos_] == 'l' || text_[pos_] == 'L')) ++pos_;
    tokens_.push_back({YqlTokenKind::kNumber, std::move(digits), start});
    return Status::Ok();
  }

  Status string(char quote) {
    const size_t start = pos_++;
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] != '\\') {
        value += text_[pos_++];
        continue;
      }
      Status s = escape(value);
      if (!s.ok()) return s;
    }
    if (pos_ >= text_.size()) return yql_syntax_error(text_, start, "unterminated string");
    ++pos_;
    tokens_.push_back({YqlTokenKind::kString, std::move(value), start});
    return Status::Ok();
  }

  // At a backslash inside a string: appends the escaped character to `value`.
  Status escape(std::string& value) {
    const size_t at = pos_++;
    if (pos_ >= text_.size()) return yql_syntax_error(text_, at, "unterminated string");
    const char c = text_[pos_++];
    switch (c) {
      case '"': case '\'': case '\\': case '/': value += c; return Status::Ok();
      case 'n': value += '\n'; return Status::Ok();
      case 't': value += '\t'; return Status::Ok();
      case 'r': value += '\r'; return Status::Ok();
      case 'b': value += '\b'; return Status::Ok();
      case 'f': value += '\f'; return Status::Ok();
      case 'u': return unicode_escape(at, value);
      default: break;
    }
    return yql_syntax_error(text_, at, fmt::format("unknown escape '\\{}' in a string", c));
  }

  Status unicode_escape(size_t at, std::string& value) {
    char32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = pos_ < text_.size() ? hex_value(text_[pos_]) : -1;
      if (h < 0) return yql_syntax_error(text_, at, "expected four hex digits after '\\u'");
      cp = cp * 16 + static_cast<char32_t>(h);
      ++pos_;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = text::kReplacementCharacter;  // lone surrogate
    text::append_utf8(cp, value);
    return Status::Ok();
  }

  Status symbol() {
    static constexpr std::string_view kTwo[] = {"<=", ">=", "!="};
    for (std::string_view two : kTwo) {
      if (text_.substr(pos_, 2) == two) {
        tokens_.push_back({YqlTokenKind::kSymbol, std::string(two), pos_});
        pos_ += 2;
        return Status::Ok();
      }
    }
    static constexpr std::string_view kOne = "(),;{}:*!<>=-+@[]";
    const char c = text_[pos_];
    if (kOne.find(c) == std::string_view::npos) {
      return yql_syntax_error(text_, pos_, fmt::format("unexpected character {}", describe(pos_)));
    }
    tokens_.push_back({YqlTokenKind::kSymbol, std::string(1, c), pos_++});
    return Status::Ok();
  }

  // The character at `at`, quoted, or its code for a control or non-ASCII byte.
  std::string describe(size_t at) const {
    const auto u = static_cast<unsigned char>(text_[at]);
    if (u >= 0x21 && u < 0x7F) return fmt::format("'{}'", text_[at]);
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data()) + at;
    const auto* end = reinterpret_cast<const unsigned char*>(text_.data()) + text_.size();
    text::DecodedChar d = text::decode_utf8(p, end);
    if (!d.valid) return fmt::format("(byte 0x{:02X})", u);
    std::string ch;
    if (d.code_point >= 0xA0) text::append_utf8(d.code_point, ch);
    return ch.empty() ? fmt::format("U+{:04X}", static_cast<uint32_t>(d.code_point))
                      : fmt::format("'{}' (U+{:04X})", ch, static_cast<uint32_t>(d.code_point));
  }

  std::string_view text_;
  size_t pos_ = 0;  // Invariant: <= text_.size()
  std::vector<YqlToken> tokens_;
};

}  // namespace

Result<std::vector<YqlToken>> lex_yql(std::string_view text) { return Lexer(text).run(); }

size_t character_position(std::string_view text, size_t offset) {
  size_t position = 1;
  const size_t end = std::min(offset, text.size());
  for (size_t i = 0; i < end; ++i) {
    // Count every byte that does not continue a UTF-8 sequence.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++position;
  }
  return position;
}

Status yql_syntax_error(std::string_view text, size_t offset, std::string_view detail) {
  return Status::InvalidArgument(fmt::format("Could not parse query: at position {}: {}",
                                             character_position(text, offset), detail));
}

}  // namespace grove::query
