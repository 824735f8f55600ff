#include "services/document/json_syntax.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "services/text/utf8.h"

namespace grove::document {

namespace {

// A recursive-descent checker. Each method returns false after recording the first error.
class Checker {
 public:
  explicit Checker(std::string_view text) : text_(text) {}

  std::optional<JsonSyntaxError> run() {
    skip_space();
    if (!value(0)) return error_;
    skip_space();
    if (pos_ < text_.size()) fail("unexpected text after the JSON value");
    return error_;
  }

 private:
  bool fail(std::string what) {
    if (!error_) error_ = JsonSyntaxError{pos_, std::move(what)};
    return false;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      ++pos_;
  }

  bool expect(char c, const char* what) {
    skip_space();
    if (at_end()) return fail(std::string("unexpected end of input, ") + what);
    if (peek() != c) return fail(what);
    ++pos_;
    return true;
  }

  bool value(size_t depth) {
    if (at_end()) return fail("unexpected end of input, expected a value");
    if (depth >= kMaxJsonDepth) return fail("nesting deeper than 1024 levels");
    switch (peek()) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        break;
    }
    if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number();
    return fail(std::string("unexpected character '") + peek() + "', expected a value");
  }

  bool object(size_t depth) {
    ++pos_;
    skip_space();
    if (!at_end() && peek() == '}') return ++pos_, true;
    for (;;) {
      skip_space();
      if (at_end() || peek() != '"') return fail("expected a string key");
      if (!string() || !expect(':', "expected ':' after the key")) return false;
      skip_space();
      if (!value(depth)) return false;
      skip_space();
      if (!at_end() && peek() == '}') return ++pos_, true;
      if (!expect(',', "expected ',' or '}'")) return false;
    }
  }

  bool array(size_t depth) {
    ++pos_;
    skip_space();
    if (!at_end() && peek() == ']') return ++pos_, true;
    for (;;) {
      skip_space();
      if (!value(depth)) return false;
      skip_space();
      if (!at_end() && peek() == ']') return ++pos_, true;
      if (!expect(',', "expected ',' or ']'")) return false;
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      return fail("invalid literal, expected '" + std::string(word) + "'");
    }
    pos_ += word.size();
    return true;
  }

  bool string() {
    ++pos_;
    while (!at_end()) {
      auto c = static_cast<unsigned char>(peek());
      if (c == '"') return ++pos_, true;
      if (c < 0x20) return fail("control character in a string (escape it)");
      if (c == '\\') {
        if (!escape()) return false;
        continue;
      }
      if (c >= 0x80) {
        const auto* p = reinterpret_cast<const unsigned char*>(text_.data()) + pos_;
        text::DecodedChar d = text::decode_utf8(
            p, reinterpret_cast<const unsigned char*>(text_.data()) + text_.size());
        if (!d.valid) return fail("invalid UTF-8 in a string");
        pos_ += d.length;
        continue;
      }
      ++pos_;
    }
    return fail("unterminated string");
  }

  bool escape() {
    ++pos_;
    if (at_end()) return fail("unterminated escape");
    char c = peek();
    if (std::string_view("\"\\/bfnrt").find(c) != std::string_view::npos) return ++pos_, true;
    if (c != 'u') return fail(std::string("invalid escape '\\") + c + "'");
    ++pos_;
    for (int i = 0; i < 4; ++i, ++pos_) {
      if (at_end() || !std::isxdigit(static_cast<unsigned char>(peek()))) {
        return fail("\\u needs four hex digits");
      }
    }
    return true;
  }

  bool digits() {
    size_t start = pos_;
    while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
    return pos_ > start;
  }

  bool number() {
    size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (!at_end() && peek() == '0') {
      ++pos_;
    } else if (!digits()) {
      return fail("invalid number");
    }
    bool integer = true;
    if (!at_end() && peek() == '.') {
      ++pos_;
      integer = false;
      if (!digits()) return fail("invalid number: digits expected after '.'");
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      integer = false;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
      if (!digits()) return fail("invalid number: digits expected in the exponent");
    }
    return number_in_range(start, integer);
  }

  bool number_in_range(size_t start, bool integer) {
    std::string literal(text_.substr(start, pos_ - start));
    errno = 0;
    if (integer) {
      if (literal[0] == '-') {
        (void)std::strtoll(literal.c_str(), nullptr, 10);
      } else {
        (void)std::strtoull(literal.c_str(), nullptr, 10);
      }
    } else {
      double d = std::strtod(literal.c_str(), nullptr);
      if (std::isinf(d))
        errno = ERANGE;
      else
        errno = 0;  // underflow to zero or a denormal is fine
    }
    if (errno == ERANGE) {
      pos_ = start;
      return fail("number out of range");
    }
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::optional<JsonSyntaxError> error_;
};

}  // namespace

std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text) {
  return Checker(text).run();
}

}  // namespace grove::document
