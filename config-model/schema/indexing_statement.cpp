#include "config-model/schema/indexing_statement.h"

#include <cctype>
#include <sstream>

#include "services/base/strings.h"

namespace grove::schema {
namespace {

struct Piece {
  std::string text;
  int line_offset = 0;
};

// True when the line break at `pos` continues a pipeline: the previous or next non-blank
// character is '|'.
bool continues_pipeline(std::string_view text, size_t pos) {
  size_t b = pos;
  while (b > 0 && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  if (b > 0 && text[b - 1] == '|') return true;
  size_t a = pos;
  while (a < text.size() && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  return a < text.size() && text[a] == '|';
}

// Splits on `sep` (and on line breaks that end a statement when `sep` is ';').
std::vector<Piece> split(const Piece& whole, char sep) {
  std::vector<Piece> out;
  Piece cur{"", whole.line_offset};
  int line = whole.line_offset;
  std::string_view text = whole.text;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    bool is_break = c == '\n' && sep == ';' && !continues_pipeline(text, i);
    if (!quoted && (c == sep || is_break)) {
      out.push_back(cur);
      cur = Piece{"", c == '\n' ? line + 1 : line};
    } else {
      cur.text += c == '\n' ? ' ' : c;
    }
    if (c == '\n') ++line;
  }
  out.push_back(cur);
  return out;
}

class StepParser {
 public:
  StepParser(std::string_view field, IndexingParse& out) : field_(field), out_(out) {}

  void statement(const Piece& stmt) {
    std::vector<Piece> steps = split(stmt, '|');
    for (size_t i = 0; i < steps.size(); ++i) {
      line_ = steps[i].line_offset;
      std::string step(trim(steps[i].text));
      if (step.empty()) {
        problem(IndexingProblem::kError, "empty step in the indexing statement of field '" +
                                             std::string(field_) +
                                             "'; write e.g. 'summary | index'");
        continue;
      }
      this->step(step, i == 0);
    }
  }

 private:
  void problem(IndexingProblem::Kind kind, std::string message) {
    out_.problems.push_back(IndexingProblem{kind, line_, std::move(message)});
  }

  void step(const std::string& step, bool first) {
    std::istringstream words(step);
    std::string verb;
    std::string arg;
    std::string extra;
    words >> verb >> arg >> extra;
    if (!extra.empty() || step.find_first_of("\".(){}") != std::string::npos) {
      problem(IndexingProblem::kUnsupported, "indexing expression '" + step + "'");
    } else if (verb == "input") {
      input(arg, step, first);
    } else if (verb == "summary" || verb == "attribute" || verb == "index") {
      output(verb, arg, step);
    } else if (verb == "embed") {
      problem(IndexingProblem::kUnsupported, "embed in indexing statement '" + step + "'");
    } else if (verb == "set_language" || verb == "lowercase" || verb == "normalize" ||
               verb == "tokenize" || verb == "trim") {
      problem(IndexingProblem::kWarning,
              "'" + verb + "' in the indexing statement of field '" + std::string(field_) +
                  "' is ignored: Grove applies its own linguistics to indexed fields");
    } else {
      problem(IndexingProblem::kUnsupported, "indexing expression '" + step + "'");
    }
  }

  void input(const std::string& name, const std::string& step, bool first) {
    if (name.empty()) {
      problem(IndexingProblem::kError, "'input' needs a field name, e.g. 'input title | index'");
    } else if (!first) {
      problem(IndexingProblem::kUnsupported,
              "'" + step + "' in the middle of an indexing pipeline");
    } else if (!out_.statement.input.empty() && out_.statement.input != name) {
      problem(IndexingProblem::kUnsupported, "indexing statement reading several fields ('" +
                                                 out_.statement.input + "' and '" + name + "')");
    } else {
      out_.statement.input = name;
    }
  }

  void output(const std::string& verb, const std::string& target, const std::string& step) {
    if (!target.empty() && target != field_) {
      problem(IndexingProblem::kUnsupported, "indexing into another field ('" + step + "')");
      return;
    }
    if (verb == "summary") out_.statement.summary = true;
    if (verb == "attribute") out_.statement.attribute = true;
    if (verb == "index") out_.statement.index = true;
  }

  std::string_view field_;
  IndexingParse& out_;
  int line_ = 0;
};

}  // namespace

IndexingParse parse_indexing(std::string_view text, std::string_view field_name) {
  IndexingParse out;
  StepParser parser(field_name, out);
  bool any = false;
  for (const Piece& stmt : split(Piece{std::string(text), 0}, ';')) {
    if (trim(stmt.text).empty()) continue;
    any = true;
    parser.statement(stmt);
  }
  if (!any) {
    out.problems.push_back(IndexingProblem{IndexingProblem::kError, 0,
                                           "empty indexing statement for field '" +
                                               std::string(field_name) +
                                               "'; write e.g. 'indexing: summary | index'"});
  }
  return out;
}

}  // namespace grove::schema
