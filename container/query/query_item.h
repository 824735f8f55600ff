#pragma once

// QueryItem: one node of the container's query model, the tree that the YQL and the simple
// `query=` parsers produce and that wire_query_convert.h turns into the content node's
// protocol::QueryTree.
//
// Kinds (the same set the content node evaluates):
//   kTerm     `text` in `field`, sent as the user typed it: the content node applies the field's
//             linguistics (normalizing, stemming, and turning a multi-token text into a phrase).
//             An empty field means the `default` fieldset.
//   kPhrase   `words` in order and adjacent, in `field`.
//   kAnd, kOr over children; kAndNot: children[0] and none of the others.
//   kWeakAnd  an OR that keeps about `target_hits` best candidates (WAND).
//   kRange    `field` is a numeric attribute; `lower` and `upper` are optional bounds.
//   kTrue     every document; kFalse no document.
//
// Usage:
//   QueryItem q = QueryItem::and_({QueryItem::term("title", "fox"),
//                                  QueryItem::range("year", Bound{2000}, std::nullopt)});
//   q.to_string();  // "AND(title:fox, year:[2000,*])"
//
// Immutable value type: built only by the factories below, which check their preconditions with
// GROVE_ASSERT (an operator with no children is a bug in the caller). Safe to share between
// threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grove::query {

enum class ItemKind { kTerm, kPhrase, kAnd, kOr, kAndNot, kWeakAnd, kRange, kTrue, kFalse };

// The upper-case name used in to_string(), e.g. "AND".
std::string_view item_kind_name(ItemKind kind);

inline constexpr int32_t kDefaultWeight = 100;
inline constexpr int32_t kDefaultTargetHits = 100;
// The most items one query may have; content nodes refuse larger trees (kMaxQueryNodes).
inline constexpr size_t kMaxQueryItems = 10000;

struct Bound {
  double value = 0;
  bool inclusive = true;

  friend bool operator==(const Bound&, const Bound&) = default;
};

class QueryItem {
 public:
  QueryItem() = default;  // kTrue

  static QueryItem term(std::string field, std::string text, int32_t weight = kDefaultWeight);
  // Requires at least one word.
  static QueryItem phrase(std::string field, std::vector<std::string> words,
                          int32_t weight = kDefaultWeight);
  // Each requires at least one child.
  static QueryItem and_(std::vector<QueryItem> children);
  static QueryItem or_(std::vector<QueryItem> children);
  static QueryItem and_not(QueryItem positive, std::vector<QueryItem> negatives);
  static QueryItem weak_and(std::vector<QueryItem> children,
                            int32_t target_hits = kDefaultTargetHits);
  // A missing bound is unbounded; bounds must not be NaN.
  static QueryItem range(std::string field, std::optional<Bound> lower, std::optional<Bound> upper);
  static QueryItem always();  // kTrue
  static QueryItem never();   // kFalse

  ItemKind kind() const { return kind_; }
  const std::string& field() const { return field_; }
  const std::string& text() const { return text_; }
  const std::vector<std::string>& words() const { return words_; }
  const std::vector<QueryItem>& children() const { return children_; }
  int32_t weight() const { return weight_; }
  int32_t target_hits() const { return target_hits_; }
  const std::optional<Bound>& lower() const { return lower_; }
  const std::optional<Bound>& upper() const { return upper_; }

  // The number of items in this subtree, this one included.
  size_t size() const;

  // The canonical form, for logs and tests: AND(title:fox, year:[2000,*]), title:"two words",
  // title:phrase(a, b), fox!200 (a term in the default fieldset with weight 200),
  // ANDNOT(a, b), WEAKAND[100](a, b), year:(1,2], TRUE, FALSE.
  std::string to_string() const;

  friend bool operator==(const QueryItem&, const QueryItem&) = default;

 private:
  QueryItem(ItemKind kind, std::vector<QueryItem> children);
  void append_to(std::string& out) const;

  ItemKind kind_ = ItemKind::kTrue;
  std::string field_;               // kTerm, kPhrase, kRange
  std::string text_;                // kTerm
  std::vector<std::string> words_;  // kPhrase; Invariant: not empty for kPhrase
  // Invariant: not empty for kAnd, kOr, kAndNot, kWeakAnd; empty for every other kind.
  std::vector<QueryItem> children_;
  int32_t weight_ = kDefaultWeight;            // kTerm, kPhrase
  int32_t target_hits_ = kDefaultTargetHits;   // kWeakAnd
  std::optional<Bound> lower_;                 // kRange
  std::optional<Bound> upper_;                 // kRange
};

}  // namespace grove::query
