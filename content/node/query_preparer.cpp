#include "content/node/query_preparer.h"

#include <fmt/format.h>

#include "content/node/document_indexer.h"
#include "services/text/normalizer.h"
#include "services/text/tokenizer.h"

namespace grove::content {

using search::QueryNode;
using search::QueryNodeKind;
using search::QueryTree;

namespace {

text::Tokenizer& thread_tokenizer() {
  thread_local text::Tokenizer tokenizer;
  return tokenizer;
}

// The tokens `words` become in `field`.
std::vector<std::string> process(const schema::Field* field, const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const std::string& word : words) {
    if (field->index && !is_whole_value_match(*field)) {
      for (const text::Token& t : thread_tokenizer().tokenize(word, stemming_of(*field))) {
        out.emplace_back(t.term);
      }
    } else if (field->type.is_string()) {
      std::string whole = text::normalize(word);
      if (!whole.empty()) out.push_back(std::move(whole));
    } else {
      out.push_back(word);
    }
  }
  return out;
}

}  // namespace

QueryPreparer::QueryPreparer(const schema::Schema& schema) : schema_(schema) {}

std::vector<const schema::Field*> QueryPreparer::resolve(const std::string& name) const {
  const std::string& key = name.empty() ? std::string("default") : name;
  if (const schema::Field* f = schema_.find_field(key)) return {f};
  std::vector<const schema::Field*> fields;
  if (const schema::FieldSet* set = schema_.find_fieldset(key)) {
    for (const std::string& member : set->fields) {
      if (const schema::Field* f = schema_.find_field(member)) fields.push_back(f);
    }
  }
  return fields;
}

// One preparation: copies nodes into `out_`, rewriting terms and phrases.
class QueryPreparer::Run {
 public:
  Run(const QueryPreparer& preparer, const QueryTree& raw) : p_(preparer), raw_(raw) {}

  Result<QueryTree> go() {
    if (raw_.root >= raw_.nodes.size()) {
      return Status::InvalidArgument(fmt::format("query root {} is not a node (the tree has {})",
                                                 raw_.root, raw_.nodes.size()));
    }
    visiting_.assign(raw_.nodes.size(), false);
    GROVE_ASSIGN_OR_RETURN(out_.root, copy(raw_.root));
    return std::move(out_);
  }

 private:
  uint32_t add(QueryNode node) {
    out_.nodes.push_back(std::move(node));
    return static_cast<uint32_t>(out_.nodes.size() - 1);
  }

  Result<uint32_t> copy(uint32_t index) {
    if (index >= raw_.nodes.size()) {
      return Status::InvalidArgument(fmt::format("query node index {} is out of range", index));
    }
    if (visiting_[index]) {
      return Status::InvalidArgument(fmt::format("query node {} is its own ancestor", index));
    }
    const QueryNode& node = raw_.nodes[index];
    if (node.kind == QueryNodeKind::kTerm) return text_node(node, {node.term});
    if (node.kind == QueryNodeKind::kPhrase) return text_node(node, node.words);
    visiting_[index] = true;
    QueryNode copy = node;
    copy.children.clear();
    for (uint32_t child : node.children) {
      GROVE_ASSIGN_OR_RETURN(uint32_t c, this->copy(child));
      copy.children.push_back(c);
    }
    visiting_[index] = false;
    return add(std::move(copy));
  }

  QueryNode form(const QueryNode& original, const std::string& field,
                 std::vector<std::string> tokens) {
    QueryNode n;
    n.field = field;
    n.weight = original.weight;
    if (tokens.empty()) {
      n.kind = QueryNodeKind::kFalse;
    } else if (tokens.size() == 1) {
      n.kind = QueryNodeKind::kTerm;
      n.term = std::move(tokens[0]);
    } else {
      n.kind = QueryNodeKind::kPhrase;
      n.words = std::move(tokens);
    }
    return n;
  }

  uint32_t text_node(const QueryNode& node, const std::vector<std::string>& words) {
    std::vector<const schema::Field*> fields = p_.resolve(node.field);
    if (fields.empty()) return add(node);  // unknown: the Searcher names it
    std::vector<std::pair<const schema::Field*, std::vector<std::string>>> forms;
    bool all_same = true;
    for (const schema::Field* f : fields) {
      forms.emplace_back(f, process(f, words));
      all_same = all_same && forms.back().second == forms.front().second;
    }
    if (all_same) return add(form(node, node.field, std::move(forms.front().second)));
    QueryNode any;
    any.kind = QueryNodeKind::kOr;
    for (auto& [field, tokens] : forms) any.children.push_back(add(form(node, field->name, std::move(tokens))));
    return add(std::move(any));
  }

  const QueryPreparer& p_;
  const QueryTree& raw_;
  QueryTree out_;
  std::vector<bool> visiting_;
};

Result<QueryTree> QueryPreparer::prepare(const QueryTree& raw) const { return Run(*this, raw).go(); }

}  // namespace grove::content
