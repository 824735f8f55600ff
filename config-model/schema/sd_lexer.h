#pragma once

// SdLexer: splits a .sd schema file into tokens, tracking line numbers, skipping `#` and `//`
// comments. Rank expressions and indexing statements are not tokenized here: the parser reads
// them as raw text (read_line_value / read_block_body), as Vespa does, and hands them to their
// own parsers. Internal to the schema library.
//
// Owned by one SdParser; not thread-safe. `source` must outlive the lexer (tokens point into it).

#include <optional>
#include <string>
#include <string_view>

namespace grove::schema {

struct SdToken {
  enum class Kind { kWord, kNumber, kString, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view text;  // a string token includes its quotes
  int line = 0;
  size_t offset = 0;
  bool first_on_line = false;  // nothing but whitespace or comments before it on its line

  bool is(std::string_view s) const {
    return (kind == Kind::kWord || kind == Kind::kPunct) && text == s;
  }
  bool is_word() const { return kind == Kind::kWord; }
  size_t end() const { return offset + text.size(); }
};

// Raw text read by the lexer, and the line on which it starts.
struct RawText {
  std::string text;  // comments removed; line breaks kept
  int line = 0;
  bool closed = true;  // read_block_body: false when the file ended before the closing '}'
};

class SdLexer {
 public:
  explicit SdLexer(std::string_view source) : source_(source) {}

  // The next token, without consuming it.
  const SdToken& peek();
  // Consumes and returns the next token; at the end it keeps returning a kEnd token.
  SdToken next();

  // Reads from just after the last consumed token to the end of its line, or up to an unmatched
  // '}' (which is left for the next token), and returns it trimmed.
  RawText read_line_value();

  // With a '{' just consumed: reads up to the matching '}' and consumes it.
  RawText read_block_body();

  // The source text between two offsets.
  std::string_view source(size_t begin, size_t end) const {
    return source_.substr(begin, end - begin);
  }

 private:
  SdToken scan();
  void skip_space_and_comments(bool& saw_newline);
  // Positions the lexer just after the last consumed token, dropping any peeked token.
  void rewind_to_last();
  bool at_comment(size_t pos) const;

  std::string_view source_;
  size_t pos_ = 0;
  int line_ = 1;
  std::optional<SdToken> peeked_;
  size_t last_end_ = 0;
  int last_line_ = 1;
};

}  // namespace grove::schema
