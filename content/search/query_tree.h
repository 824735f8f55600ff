#pragma once

// QueryTree: the query a content node evaluates, as a flat list of nodes that refer to their
// children by index. The flat form maps one-to-one onto a Thrift struct (list<QueryNode> with
// i32 child indices), which cannot be recursive; QueryExpr is a nested form for building trees
// in code and tests, flattened with QueryTree::from().
//
// Node kinds:
//   kTerm     `term` in `field`: an indexed field, an attribute, or a fieldset (an OR over its
//             fields); an empty field means the fieldset "default".
//   kPhrase   `words` in order, adjacent, in `field` (indexed fields only).
//   kAnd, kOr children; kAndNot: children[0] and none of the others.
//   kWeakAnd  an OR that keeps only documents whose term score beats the `target_hits` best
//             seen so far (WAND).
//   kRange    `field` is a numeric attribute; `lower` / `upper` (each optional, inclusive or
//             not). Comparisons map onto it: `<`, `<=`, `>`, `>=`, and `=` as [x, x].
//   kTrue     every active document; kFalse nothing.
//
// Usage:
//   QueryTree q = QueryTree::from(QueryExpr::and_({QueryExpr::term("title", "fox"),
//                                                  QueryExpr::range("year", 2000, {})}));
//
// A plain value type.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace grove::search {

enum class QueryNodeKind { kTerm, kPhrase, kAnd, kOr, kAndNot, kWeakAnd, kRange, kTrue, kFalse };

struct RangeBound {
  double value = 0;
  bool inclusive = true;
};

struct QueryNode {
  QueryNodeKind kind = QueryNodeKind::kTrue;
  std::string field;                // kTerm, kPhrase, kRange
  std::string term;                 // kTerm
  std::vector<std::string> words;   // kPhrase
  std::vector<uint32_t> children;   // kAnd, kOr, kAndNot, kWeakAnd: indices into the tree
  int32_t weight = 100;             // kTerm, kPhrase: the term's weight in ranking
  uint32_t target_hits = 100;       // kWeakAnd
  std::optional<RangeBound> lower;  // kRange
  std::optional<RangeBound> upper;  // kRange
};

// The nested form, for building queries in code.
struct QueryExpr {
  QueryNode node;  // its `children` are ignored
  std::vector<QueryExpr> children;

  static QueryExpr term(std::string field, std::string term, int32_t weight = 100);
  static QueryExpr phrase(std::string field, std::vector<std::string> words);
  static QueryExpr and_(std::vector<QueryExpr> children);
  static QueryExpr or_(std::vector<QueryExpr> children);
  static QueryExpr and_not(QueryExpr positive, std::vector<QueryExpr> negatives);
  static QueryExpr weak_and(std::vector<QueryExpr> children, uint32_t target_hits);
  static QueryExpr range(std::string field, std::optional<double> lower,
                         std::optional<double> upper, bool lower_inclusive = true,
                         bool upper_inclusive = true);
  static QueryExpr less(std::string field, double x) { return range(field, {}, x, true, false); }
  static QueryExpr less_equal(std::string field, double x) { return range(field, {}, x); }
  static QueryExpr greater(std::string field, double x) { return range(field, x, {}, false); }
  static QueryExpr greater_equal(std::string field, double x) { return range(field, x, {}); }
  static QueryExpr equal(std::string field, double x) { return range(field, x, x); }
  static QueryExpr all();
  static QueryExpr none();
};

struct QueryTree {
  std::vector<QueryNode> nodes;
  uint32_t root = 0;

  static QueryTree from(const QueryExpr& expr);

  // A readable form for logs and test messages: AND(title:fox, year:[2000,*]).
  std::string to_string() const;
};

}  // namespace grove::search
