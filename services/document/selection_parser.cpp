// The parser of DocumentSelection: a tokenizer and a recursive-descent parser over the grammar
// in docs/selection.md. Every error names the 1-based position of the token it stopped at.

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <optional>

#include "services/document/selection.h"

namespace grove::document {

namespace {

struct Token {
  enum Kind { kEnd, kIdent, kString, kNumber, kDot, kLParen, kRParen, kOp };
  Kind kind = kEnd;
  std::string text;  // identifier, decoded string, number or operator spelling
  uint32_t position = 0;
};

bool keyword(const Token& t, std::string_view word) {
  if (t.kind != Token::kIdent || t.text.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
  }
  return true;
}

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

class SelectionParser {
 public:
  explicit SelectionParser(std::string_view text) : text_(text) {}

  Result<DocumentSelection> run() {
    if (text_.size() > kMaxSelectionBytes) {
      return Status::InvalidArgument(fmt::format("selection: {} bytes, over the limit of {}",
                                                 text_.size(), kMaxSelectionBytes));
    }
    GROVE_RETURN_IF_ERROR(advance());
    if (token_.kind == Token::kEnd) return error("expected a selection");
    GROVE_ASSIGN_OR_RETURN(out_.root_, parse_or(0));
    if (token_.kind != Token::kEnd) return error("expected 'and', 'or' or the end");
    out_.text_ = std::string(text_);
    return std::move(out_);
  }

 private:
  using Node = DocumentSelection::Node;

  Status error(std::string_view what) const {
    return Status::InvalidArgument(fmt::format("selection: {} at position {} in '{}'", what,
                                               token_.position, text_));
  }

  uint32_t add(Node node) {
    out_.nodes_.push_back(std::move(node));
    return static_cast<uint32_t>(out_.nodes_.size() - 1);
  }

  Result<uint32_t> parse_or(int depth) {
    GROVE_ASSIGN_OR_RETURN(uint32_t left, parse_and(depth));
    while (keyword(token_, "or")) {
      uint32_t at = token_.position;
      GROVE_RETURN_IF_ERROR(advance());
      GROVE_ASSIGN_OR_RETURN(uint32_t right, parse_and(depth));
      left = add(Node{Node::kOr, left, right, false, {}, {}, {}, {}, at});
    }
    return left;
  }

  Result<uint32_t> parse_and(int depth) {
    GROVE_ASSIGN_OR_RETURN(uint32_t left, parse_unary(depth));
    while (keyword(token_, "and")) {
      uint32_t at = token_.position;
      GROVE_RETURN_IF_ERROR(advance());
      GROVE_ASSIGN_OR_RETURN(uint32_t right, parse_unary(depth));
      left = add(Node{Node::kAnd, left, right, false, {}, {}, {}, {}, at});
    }
    return left;
  }

  Result<uint32_t> parse_unary(int depth) {
    if (depth >= kMaxSelectionDepth) return error("nested too deeply");
    if (keyword(token_, "not")) {
      uint32_t at = token_.position;
      GROVE_RETURN_IF_ERROR(advance());
      GROVE_ASSIGN_OR_RETURN(uint32_t child, parse_unary(depth + 1));
      return add(Node{Node::kNot, child, 0, false, {}, {}, {}, {}, at});
    }
    if (token_.kind == Token::kLParen) {
      GROVE_RETURN_IF_ERROR(advance());
      GROVE_ASSIGN_OR_RETURN(uint32_t inner, parse_or(depth + 1));
      if (token_.kind != Token::kRParen) return error("expected ')'");
      GROVE_RETURN_IF_ERROR(advance());
      return inner;
    }
    return parse_primary();
  }

  // `true`, `false`, `doctype`, `doctype.field` or `doctype.field OP literal`.
  Result<uint32_t> parse_primary() {
    Node node;
    node.position = token_.position;
    if (keyword(token_, "true") || keyword(token_, "false")) {
      node.kind = Node::kConstant;
      node.constant = keyword(token_, "true");
      GROVE_RETURN_IF_ERROR(advance());
      return add(std::move(node));
    }
    if (token_.kind != Token::kIdent || keyword(token_, "null") || keyword(token_, "and") ||
        keyword(token_, "or")) {
      return error("expected a document type, a field such as music.year, 'true', 'false', "
                   "'not' or '('");
    }
    node.kind = Node::kDocType;
    node.doc_type = token_.text;
    GROVE_RETURN_IF_ERROR(advance());
    if (token_.kind != Token::kDot) return add(std::move(node));
    GROVE_RETURN_IF_ERROR(advance());
    if (token_.kind != Token::kIdent) return error("expected a field name after '.'");
    node.kind = Node::kFieldSet;
    node.field = token_.text;
    GROVE_RETURN_IF_ERROR(advance());
    if (token_.kind == Token::kDot) return error("nested fields (struct, map) are not supported");
    if (token_.kind != Token::kOp) return add(std::move(node));
    node.kind = Node::kCompare;
    node.op = op_of(token_.text);
    GROVE_RETURN_IF_ERROR(advance());
    GROVE_ASSIGN_OR_RETURN(node.literal, parse_literal());
    return add(std::move(node));
  }

  static DocumentSelection::Op op_of(std::string_view s) {
    using Op = DocumentSelection::Op;
    if (s == "==") return Op::kEq;
    if (s == "!=") return Op::kNe;
    if (s == "<") return Op::kLt;
    if (s == "<=") return Op::kLe;
    if (s == ">") return Op::kGt;
    if (s == ">=") return Op::kGe;
    return Op::kGlob;
  }

  Result<DocumentSelection::Literal> parse_literal() {
    using Literal = DocumentSelection::Literal;
    Literal lit;
    if (token_.kind == Token::kString) {
      lit.kind = Literal::kString;
      lit.text = token_.text;
    } else if (token_.kind == Token::kNumber) {
      GROVE_ASSIGN_OR_RETURN(lit, number(token_.text));
    } else if (keyword(token_, "null")) {
      lit.kind = Literal::kNull;
    } else if (keyword(token_, "true") || keyword(token_, "false")) {
      lit.kind = Literal::kBool;
      lit.boolean = keyword(token_, "true");
    } else {
      return error("expected a value: a \"string\", a number, true, false or null");
    }
    GROVE_RETURN_IF_ERROR(advance());
    return lit;
  }

  Result<DocumentSelection::Literal> number(const std::string& text) const {
    DocumentSelection::Literal lit;
    const char* end = text.data() + text.size();
    if (text.find_first_of(".eE") == std::string::npos) {
      auto [p, ec] = std::from_chars(text.data(), end, lit.integer);
      if (ec == std::errc() && p == end) {
        lit.kind = DocumentSelection::Literal::kInteger;
        lit.number = static_cast<double>(lit.integer);
        return lit;
      }
    }
    char* parsed_end = nullptr;
    lit.number = std::strtod(text.c_str(), &parsed_end);
    if (parsed_end != text.c_str() + text.size()) return error("malformed number '" + text + "'");
    lit.kind = DocumentSelection::Literal::kDouble;
    return lit;
  }

  // Reads the next token into token_.
  Status advance() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    token_ = Token{};
    token_.position = static_cast<uint32_t>(pos_ + 1);
    if (pos_ >= text_.size()) return Status::Ok();
    const char c = text_[pos_];
    if (c == '"' || c == '\'') return read_string(c);
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '-' && pos_ + 1 < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      return read_number();
    }
    if (ident_start(c)) {
      size_t end = pos_ + 1;
      while (end < text_.size() && ident_char(text_[end])) ++end;
      token_.kind = Token::kIdent;
      token_.text = std::string(text_.substr(pos_, end - pos_));
      pos_ = end;
      return Status::Ok();
    }
    return read_punctuation(c);
  }

  Status read_punctuation(char c) {
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">="};
    for (std::string_view op : kTwo) {
      if (text_.substr(pos_, 2) == op) {
        token_ = Token{Token::kOp, std::string(op), token_.position};
        pos_ += 2;
        return Status::Ok();
      }
    }
    Token::Kind kind = c == '.' ? Token::kDot : c == '(' ? Token::kLParen : c == ')' ? Token::kRParen
                     : (c == '<' || c == '>' || c == '=') ? Token::kOp : Token::kEnd;
    if (kind == Token::kEnd) return error(fmt::format("unexpected character '{}'", c));
    token_.kind = kind;
    token_.text = std::string(1, c);
    ++pos_;
    return Status::Ok();
  }

  Status read_number() {
    size_t end = pos_ + 1;
    while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                                  text_[end] == '.' ||
                                  ((text_[end] == '-' || text_[end] == '+') &&
                                   (text_[end - 1] == 'e' || text_[end - 1] == 'E')))) {
      ++end;
    }
    token_.kind = Token::kNumber;
    token_.text = std::string(text_.substr(pos_, end - pos_));
    pos_ = end;
    return Status::Ok();
  }

  Status read_string(char quote) {
    std::string out;
    size_t i = pos_ + 1;
    for (; i < text_.size() && text_[i] != quote; ++i) {
      if (text_[i] != '\\') {
        out += text_[i];
        continue;
      }
      if (++i >= text_.size()) break;
      switch (text_[i]) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '\\': case '"': case '\'': out += text_[i]; break;
        default:
          token_.position = static_cast<uint32_t>(i);
          return error(fmt::format("unknown escape '\\{}'", text_[i]));
      }
    }
    if (i >= text_.size()) return error("unterminated string");
    token_.kind = Token::kString;
    token_.text = std::move(out);
    pos_ = i + 1;
    return Status::Ok();
  }

  std::string_view text_;
  size_t pos_ = 0;
  Token token_;
  DocumentSelection out_;
};

Result<DocumentSelection> DocumentSelection::parse(std::string_view text) {
  return SelectionParser(text).run();
}

}  // namespace grove::document
