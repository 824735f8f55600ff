#pragma once

// DocumentSelection: a parsed document selection in the subset of Vespa's document selector
// language that Grove supports (docs/selection.md): test-and-set conditions of puts, updates and
// removes, and the filter of a visit.
//
//   music.year > 2000 and (music.title == "Yellow" or not music.album)
//   music.artist = "Cold*"        (glob: * any run of characters, ? one character)
//   music.album == null           (the field is not set)
//
// Evaluation uses Vespa's three values: a comparison that makes no sense for the document (a
// missing field compared with anything but null, a document of another type) is *invalid*;
// `and`, `or` and `not` carry invalid through as Vespa does, and only a selection that is true
// matches.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(DocumentSelection s, DocumentSelection::parse(condition));
//   GROVE_RETURN_IF_ERROR(s.validate(repo));   // unknown types and fields, type mismatches
//   if (s.matches(doc)) ...
//
// Immutable after parse(); a value type, thread-safe for concurrent matches().

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"
#include "services/document/document.h"
#include "services/document/document_type_repo.h"

namespace grove::document {

enum class SelectionValue { kFalse, kTrue, kInvalid };

// The longest selection text accepted, and the deepest nesting of parentheses and `not`.
inline constexpr size_t kMaxSelectionBytes = 64 * 1024;
inline constexpr int kMaxSelectionDepth = 64;

class DocumentSelection {
 public:
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kGlob };

  struct Literal {
    enum Kind { kNull, kBool, kInteger, kDouble, kString };
    Kind kind = kNull;
    bool boolean = false;
    int64_t integer = 0;
    double number = 0;  // the value of kInteger and kDouble as a double
    std::string text;
  };

  struct Node {
    enum Kind { kAnd, kOr, kNot, kConstant, kDocType, kFieldSet, kCompare };
    Kind kind = kConstant;
    uint32_t left = 0, right = 0;  // children (kAnd, kOr: both; kNot: left)
    bool constant = false;         // kConstant
    std::string doc_type;          // kDocType, kFieldSet, kCompare
    std::string field;             // kFieldSet, kCompare
    Op op = Op::kEq;               // kCompare
    Literal literal;               // kCompare
    uint32_t position = 0;         // 1-based column in the text, for messages
  };

  // Parses `text`. InvalidArgument naming the 1-based position and what was expected, e.g.
  // "selection: expected ')' at position 17 in 'music.year > (3'".
  static Result<DocumentSelection> parse(std::string_view text);

  // Checks the selection against the document types: every type and field it names exists, and
  // each literal can be compared with its field. InvalidArgument naming the first problem.
  Status validate(const DocumentTypeRepo& repo) const;

  // The three-valued result for `doc`.
  SelectionValue evaluate(const Document& doc) const;
  // True only when evaluate() is kTrue.
  bool matches(const Document& doc) const { return evaluate(doc) == SelectionValue::kTrue; }

  const std::string& text() const { return text_; }

 private:
  friend class SelectionParser;
  DocumentSelection() = default;
  SelectionValue eval(uint32_t node, const Document& doc) const;
  Status validate_compare(const Node& n, const DocumentType& type) const;

  std::string text_;
  // Invariant: children come before their parents; root_ indexes the whole selection.
  std::vector<Node> nodes_;
  uint32_t root_ = 0;
};

// Glob match with * (any run, also empty) and ? (one byte); for the `=` operator.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace grove::document
