#include "config-model/schema/rank_expr_lexer.h"

#include <cctype>
#include <charconv>

namespace grove::schema {
namespace {

bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

class Lexer {
 public:
  Lexer(std::string_view text, int first_line) : text_(text), line_(first_line) {}

  std::vector<RankExprToken> run() {
    std::vector<RankExprToken> out;
    while (true) {
      skip_space();
      RankExprToken t = next();
      out.push_back(t);
      if (t.kind == RankExprToken::Kind::kEnd) break;
    }
    return out;
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  RankExprToken make(RankExprToken::Kind kind, size_t start) {
    RankExprToken t;
    t.kind = kind;
    t.text = text_.substr(start, pos_ - start);
    t.line = line_;
    t.offset = start;
    return t;
  }

  RankExprToken next() {
    size_t start = pos_;
    if (pos_ >= text_.size()) return make(RankExprToken::Kind::kEnd, start);
    char c = text_[pos_];
    if (is_ident_start(c)) {
      while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
      return make(RankExprToken::Kind::kIdent, start);
    }
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      return number(start);
    }
    if (c == '"' || c == '\'') return string(start, c);
    return op(start);
  }

  RankExprToken number(size_t start) {
    while (pos_ < text_.size() && (is_digit(text_[pos_]) || text_[pos_] == '.')) ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (p < text_.size() && is_digit(text_[p])) {
        pos_ = p;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
      }
    }
    RankExprToken t = make(RankExprToken::Kind::kNumber, start);
    auto res = std::from_chars(t.text.data(), t.text.data() + t.text.size(), t.number);
    // "1.2.3" parses as 1.2 followed by junk: report the whole literal as an operator token
    // so that the parser says "unexpected '1.2.3'".
    if (res.ec != std::errc() || res.ptr != t.text.data() + t.text.size()) {
      t.kind = RankExprToken::Kind::kOp;
    }
    return t;
  }

  RankExprToken string(size_t start, char quote) {
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != quote && text_[pos_] != '\n') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == quote) ++pos_;
    return make(RankExprToken::Kind::kString, start);
  }

  RankExprToken op(size_t start) {
    static constexpr std::string_view kTwoChar[] = {"<=", ">=", "==", "!=", "&&", "||", "~="};
    for (auto two : kTwoChar) {
      if (text_.substr(pos_, 2) == two) {
        pos_ += 2;
        return make(RankExprToken::Kind::kOp, start);
      }
    }
    ++pos_;
    return make(RankExprToken::Kind::kOp, start);
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_;
};

}  // namespace

std::vector<RankExprToken> lex_rank_expression(std::string_view text, int first_line) {
  return Lexer(text, first_line).run();
}

}  // namespace grove::schema
