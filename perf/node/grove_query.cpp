#include "perf/node/grove_query.h"

namespace grove::perf {

namespace {

using search::QueryExpr;

// Appends a node to `tree` and returns its index.
int32_t add_node(wire::QueryTree& tree, wire::QueryNode node) {
  tree.nodes.push_back(std::move(node));
  return static_cast<int32_t>(tree.nodes.size() - 1);
}

wire::QueryNode wire_node(wire::QueryNodeKind::type kind, const std::string& field = "") {
  wire::QueryNode node;
  node.__set_kind(kind);
  node.__set_field(field);
  return node;
}

// The text part of the query: the root of its terms or phrase.
int32_t add_text_part(wire::QueryTree& tree, const Query& q, const std::string& field) {
  if (q.op == QueryOp::kPhrase) {
    wire::QueryNode phrase = wire_node(wire::QueryNodeKind::PHRASE, field);
    phrase.__set_phrase_terms(q.terms);
    return add_node(tree, std::move(phrase));
  }
  std::vector<int32_t> terms;
  for (const std::string& t : q.terms) {
    wire::QueryNode term = wire_node(wire::QueryNodeKind::TERM, field);
    term.__set_term(t);
    terms.push_back(add_node(tree, std::move(term)));
  }
  if (terms.size() == 1) return terms[0];
  wire::QueryNode parent =
      wire_node(q.op == QueryOp::kAnd ? wire::QueryNodeKind::AND : wire::QueryNodeKind::OR);
  parent.__set_children(terms);
  return add_node(tree, std::move(parent));
}

int32_t add_range(wire::QueryTree& tree, const RangeFilter& f) {
  wire::QueryNode range = wire_node(wire::QueryNodeKind::RANGE, f.field);
  range.__set_lower(static_cast<double>(f.lo));
  range.__set_upper(static_cast<double>(f.hi));
  range.__set_lower_inclusive(true);
  range.__set_upper_inclusive(true);
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

wire::SearchRequest to_wire_request(const Query& query, const QueryTarget& target) {
  wire::QueryTree tree;
  int32_t root = add_text_part(tree, query, target.text_field);
  if (query.filter.has_value()) {
    int32_t range = add_range(tree, *query.filter);
    wire::QueryNode both = wire_node(wire::QueryNodeKind::AND);
    both.__set_children({root, range});
    root = add_node(tree, std::move(both));
  }
  tree.__set_root(root);
  wire::SearchRequest request;
  request.__set_document_type(target.document_type);
  request.__set_query(std::move(tree));
  request.__set_rank_profile(target.rank_profile);
  request.__set_hits(static_cast<int32_t>(target.hits));
  request.__set_offset(0);
  std::vector<wire::SortSpec> sort;
  for (const SortKey& key : query.sort) {
    wire::SortSpec spec;
    spec.__set_attribute(key.field);
    spec.__set_ascending(!key.descending);
    sort.push_back(std::move(spec));
  }
  request.__set_sort(std::move(sort));
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
