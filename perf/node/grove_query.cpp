#include "perf/node/grove_query.h"

namespace grove::perf {

namespace {

using search::QueryExpr;

// Appends a node to `tree` and returns its index.
int32_t add_node(protocol::QueryTree& tree, protocol::QueryNode node) {
  tree.nodes.push_back(std::move(node));
  return static_cast<int32_t>(tree.nodes.size() - 1);
}

protocol::QueryNode query_node(protocol::QueryNodeKind kind, const std::string& field = "") {
  protocol::QueryNode node;
  node.kind = kind;
  node.field = field;
  return node;
}

// The text part of the query: the root of its terms or phrase.
int32_t add_text_part(protocol::QueryTree& tree, const Query& q, const std::string& field) {
  if (q.op == QueryOp::kPhrase) {
    protocol::QueryNode phrase = query_node(protocol::QueryNodeKind::kPhrase, field);
    phrase.phrase_terms = q.terms;
    return add_node(tree, std::move(phrase));
  }
  std::vector<int32_t> terms;
  for (const std::string& t : q.terms) {
    protocol::QueryNode term = query_node(protocol::QueryNodeKind::kTerm, field);
    term.term = t;
    terms.push_back(add_node(tree, std::move(term)));
  }
  if (terms.size() == 1) return terms[0];
  protocol::QueryNode parent =
      query_node(q.op == QueryOp::kAnd ? protocol::QueryNodeKind::kAnd : protocol::QueryNodeKind::kOr);
  parent.children = terms;
  return add_node(tree, std::move(parent));
}

int32_t add_range(protocol::QueryTree& tree, const RangeFilter& f) {
  protocol::QueryNode range = query_node(protocol::QueryNodeKind::kRange, f.field);
  range.lower = static_cast<double>(f.lo);
  range.upper = static_cast<double>(f.hi);
  range.lower_inclusive = true;
  range.upper_inclusive = true;
  return add_node(tree, std::move(range));
}

QueryExpr text_expr(const Query& q, const std::string& field) {
  if (q.op == QueryOp::kPhrase) return QueryExpr::phrase(field, q.terms);
  std::vector<QueryExpr> terms;
  for (const std::string& t : q.terms) terms.push_back(QueryExpr::term(field, t));
  if (terms.size() == 1) return std::move(terms[0]);
  return q.op == QueryOp::kAnd ? QueryExpr::and_(std::move(terms))
                               : QueryExpr::or_(std::move(terms));
}

}  // namespace

protocol::SearchRequest to_protocol_request(const Query& query, const QueryTarget& target) {
  protocol::QueryTree tree;
  int32_t root = add_text_part(tree, query, target.text_field);
  if (query.filter.has_value()) {
    int32_t range = add_range(tree, *query.filter);
    protocol::QueryNode both = query_node(protocol::QueryNodeKind::kAnd);
    both.children = {root, range};
    root = add_node(tree, std::move(both));
  }
  tree.root = root;
  protocol::SearchRequest request;
  request.document_type = target.document_type;
  request.query = std::move(tree);
  request.rank_profile = target.rank_profile;
  request.hits = static_cast<int32_t>(target.hits);
  request.offset = 0;
  std::vector<protocol::SortSpec> sort;
  for (const SortKey& key : query.sort) {
    protocol::SortSpec spec;
    spec.attribute = key.field;
    spec.ascending = !key.descending;
    sort.push_back(std::move(spec));
  }
  request.sort = std::move(sort);
  return request;
}

search::SearchRequest to_search_request(const Query& query, const QueryTarget& target) {
  QueryExpr expr = text_expr(query, target.text_field);
  if (query.filter.has_value()) {
    const RangeFilter& f = *query.filter;
    expr = QueryExpr::and_({std::move(expr), QueryExpr::range(f.field, static_cast<double>(f.lo),
                                                              static_cast<double>(f.hi))});
  }
  search::SearchRequest request;
  request.query = search::QueryTree::from(expr);
  request.rank_profile = target.rank_profile;
  request.hits = target.hits;
  for (const SortKey& key : query.sort) {
    request.order_by.push_back({.attribute = key.field, .ascending = !key.descending});
  }
  return request;
}

}  // namespace grove::perf
