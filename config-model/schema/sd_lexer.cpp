#include "config-model/schema/sd_lexer.h"

#include <cctype>

#include "services/base/strings.h"

namespace grove::schema {
namespace {

bool is_word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

bool SdLexer::at_comment(size_t pos) const {
  return source_[pos] == '#' ||
         (source_[pos] == '/' && pos + 1 < source_.size() && source_[pos + 1] == '/');
}

void SdLexer::skip_space_and_comments(bool& saw_newline) {
  while (pos_ < source_.size()) {
    char c = source_[pos_];
    if (c == '\n') {
      saw_newline = true;
      ++line_;
      ++pos_;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++pos_;
    } else if (at_comment(pos_)) {
      while (pos_ < source_.size() && source_[pos_] != '\n') ++pos_;
    } else {
      return;
    }
  }
}

SdToken SdLexer::scan() {
  bool saw_newline = pos_ == 0;
  skip_space_and_comments(saw_newline);
  SdToken t;
  t.line = line_;
  t.offset = pos_;
  t.first_on_line = saw_newline;
  if (pos_ >= source_.size()) {
    t.kind = SdToken::Kind::kEnd;
    return t;
  }
  size_t start = pos_;
  char c = source_[pos_];
  if (is_word_start(c)) {
    t.kind = SdToken::Kind::kWord;
    while (pos_ < source_.size() && is_word_char(source_[pos_])) ++pos_;
  } else if (is_digit(c)) {
    t.kind = SdToken::Kind::kNumber;
    while (pos_ < source_.size() && (is_word_char(source_[pos_]) || source_[pos_] == '.')) ++pos_;
  } else if (c == '"') {
    t.kind = SdToken::Kind::kString;
    ++pos_;
    while (pos_ < source_.size() && source_[pos_] != '"' && source_[pos_] != '\n') {
      pos_ += (source_[pos_] == '\\' && pos_ + 1 < source_.size()) ? 2 : 1;
    }
    if (pos_ < source_.size() && source_[pos_] == '"') ++pos_;
  } else {
    t.kind = SdToken::Kind::kPunct;
    ++pos_;
  }
  t.text = source_.substr(start, pos_ - start);
  return t;
}

const SdToken& SdLexer::peek() {
  if (!peeked_) peeked_ = scan();
  return *peeked_;
}

SdToken SdLexer::next() {
  SdToken t = peek();
  peeked_.reset();
  if (t.kind != SdToken::Kind::kEnd) {
    last_end_ = t.end();
    last_line_ = t.line;
  }
  return t;
}

void SdLexer::rewind_to_last() {
  peeked_.reset();
  pos_ = last_end_;
  line_ = last_line_;
}

RawText SdLexer::read_line_value() {
  rewind_to_last();
  size_t start = pos_;
  int depth = 0;
  bool quoted = false;
  std::string text;
  while (pos_ < source_.size() && source_[pos_] != '\n') {
    char c = source_[pos_];
    if (c == '"') quoted = !quoted;
    if (!quoted && at_comment(pos_)) break;
    if (!quoted && c == '{') ++depth;
    if (!quoted && c == '}' && depth-- == 0) break;
    ++pos_;
  }
  // The position stays on the line break, comment or '}', so that the next scan sees it.
  text = std::string(trim(source_.substr(start, pos_ - start)));
  last_end_ = pos_;
  return RawText{text, last_line_, true};
}

RawText SdLexer::read_block_body() {
  rewind_to_last();
  RawText raw;
  raw.line = line_;
  int depth = 0;
  bool quoted = false;
  while (pos_ < source_.size()) {
    char c = source_[pos_];
    if (!quoted && at_comment(pos_)) {
      while (pos_ < source_.size() && source_[pos_] != '\n') ++pos_;
      continue;
    }
    ++pos_;
    if (c == '\n') ++line_;
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '{') ++depth;
    if (!quoted && c == '}' && depth-- == 0) {
      last_end_ = pos_;
      last_line_ = line_;
      return raw;
    }
    raw.text += c;
  }
  raw.closed = false;
  last_end_ = pos_;
  last_line_ = line_;
  return raw;
}

}  // namespace grove::schema
