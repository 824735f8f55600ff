#include "content/search/query_tree.h"

#include <fmt/format.h>

namespace grove::search {
namespace {

QueryExpr leaf(QueryNode node) {
  return QueryExpr{std::move(node), {}};
}

QueryExpr inner(QueryNodeKind kind, std::vector<QueryExpr> children) {
  QueryNode node;
  node.kind = kind;
  return QueryExpr{std::move(node), std::move(children)};
}

uint32_t flatten(const QueryExpr& e, QueryTree& tree) {
  const auto index = static_cast<uint32_t>(tree.nodes.size());
  tree.nodes.push_back(e.node);
  tree.nodes[index].children.clear();
  for (const QueryExpr& child : e.children) {
    const uint32_t c = flatten(child, tree);
    tree.nodes[index].children.push_back(c);
  }
  return index;
}

std::string bound_text(const std::optional<RangeBound>& b) {
  return b ? fmt::format("{}", b->value) : std::string("*");
}

std::string node_text(const QueryTree& tree, uint32_t index, int depth) {
  if (index >= tree.nodes.size() || depth > 64) return "?";
  const QueryNode& n = tree.nodes[index];
  auto children = [&](std::string_view name) {
    std::string out = std::string(name) + "(";
    for (size_t i = 0; i < n.children.size(); ++i) {
      if (i > 0) out += ", ";
      out += node_text(tree, n.children[i], depth + 1);
    }
    return out + ")";
  };
  switch (n.kind) {
    case QueryNodeKind::kTerm:
      return fmt::format("{}:{}", n.field, n.term);
    case QueryNodeKind::kPhrase:
      return fmt::format("{}:\"{}\"", n.field, fmt::join(n.words, " "));
    case QueryNodeKind::kAnd:
      return children("AND");
    case QueryNodeKind::kOr:
      return children("OR");
    case QueryNodeKind::kAndNot:
      return children("ANDNOT");
    case QueryNodeKind::kWeakAnd:
      return children(fmt::format("WEAKAND[{}]", n.target_hits));
    case QueryNodeKind::kRange:
      return fmt::format("{}:{}{},{}{}", n.field, n.lower && !n.lower->inclusive ? "<" : "[",
                         bound_text(n.lower), bound_text(n.upper),
                         n.upper && !n.upper->inclusive ? ">" : "]");
    case QueryNodeKind::kTrue:
      return "TRUE";
    case QueryNodeKind::kFalse:
      return "FALSE";
  }
  return "?";
}

}  // namespace

QueryExpr QueryExpr::term(std::string field, std::string term, int32_t weight) {
  QueryNode n;
  n.kind = QueryNodeKind::kTerm;
  n.field = std::move(field);
  n.term = std::move(term);
  n.weight = weight;
  return leaf(std::move(n));
}

QueryExpr QueryExpr::phrase(std::string field, std::vector<std::string> words) {
  QueryNode n;
  n.kind = QueryNodeKind::kPhrase;
  n.field = std::move(field);
  n.words = std::move(words);
  return leaf(std::move(n));
}

QueryExpr QueryExpr::and_(std::vector<QueryExpr> children) {
  return inner(QueryNodeKind::kAnd, std::move(children));
}

QueryExpr QueryExpr::or_(std::vector<QueryExpr> children) {
  return inner(QueryNodeKind::kOr, std::move(children));
}

QueryExpr QueryExpr::and_not(QueryExpr positive, std::vector<QueryExpr> negatives) {
  negatives.insert(negatives.begin(), std::move(positive));
  return inner(QueryNodeKind::kAndNot, std::move(negatives));
}

QueryExpr QueryExpr::weak_and(std::vector<QueryExpr> children, uint32_t target_hits) {
  QueryExpr e = inner(QueryNodeKind::kWeakAnd, std::move(children));
  e.node.target_hits = target_hits;
  return e;
}

QueryExpr QueryExpr::range(std::string field, std::optional<double> lower,
                           std::optional<double> upper, bool lower_inclusive,
                           bool upper_inclusive) {
  QueryNode n;
  n.kind = QueryNodeKind::kRange;
  n.field = std::move(field);
  if (lower) n.lower = RangeBound{*lower, lower_inclusive};
  if (upper) n.upper = RangeBound{*upper, upper_inclusive};
  return leaf(std::move(n));
}

QueryExpr QueryExpr::all() {
  return leaf(QueryNode{});
}

QueryExpr QueryExpr::none() {
  QueryNode n;
  n.kind = QueryNodeKind::kFalse;
  return leaf(std::move(n));
}

QueryTree QueryTree::from(const QueryExpr& expr) {
  QueryTree tree;
  tree.root = flatten(expr, tree);
  return tree;
}

std::string QueryTree::to_string() const {
  return node_text(*this, root, 0);
}

}  // namespace grove::search
