#include "container/query/query_item.h"

#include <fmt/format.h>

#include <cmath>

#include "services/base/assert.h"

namespace grove::query {

namespace {

// True when `text` can be printed bare in to_string() without being misread.
bool is_bare(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || c == ':' ||
        c == '!' || c == '[' || c == ']') {
      return false;
    }
  }
  return true;
}

void append_text(std::string& out, std::string_view text) {
  if (is_bare(text)) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void append_field(std::string& out, const std::string& field) {
  if (field.empty()) return;
  out += field;
  out += ':';
}

void append_weight(std::string& out, int32_t weight) {
  if (weight != kDefaultWeight) fmt::format_to(std::back_inserter(out), "!{}", weight);
}

void append_bound(std::string& out, const std::optional<Bound>& bound) {
  if (bound) {
    fmt::format_to(std::back_inserter(out), "{}", bound->value);
  } else {
    out += '*';
  }
}

}  // namespace

std::string_view item_kind_name(ItemKind kind) {
  switch (kind) {
    case ItemKind::kTerm: return "TERM";
    case ItemKind::kPhrase: return "PHRASE";
    case ItemKind::kAnd: return "AND";
    case ItemKind::kOr: return "OR";
    case ItemKind::kAndNot: return "ANDNOT";
    case ItemKind::kWeakAnd: return "WEAKAND";
    case ItemKind::kRange: return "RANGE";
    case ItemKind::kTrue: return "TRUE";
    case ItemKind::kFalse: return "FALSE";
  }
  return "UNKNOWN";
}

QueryItem::QueryItem(ItemKind kind, std::vector<QueryItem> children)
    : kind_(kind), children_(std::move(children)) {}

QueryItem QueryItem::term(std::string field, std::string text, int32_t weight) {
  QueryItem item(ItemKind::kTerm, {});
  item.field_ = std::move(field);
  item.text_ = std::move(text);
  item.weight_ = weight;
  return item;
}

QueryItem QueryItem::phrase(std::string field, std::vector<std::string> words, int32_t weight) {
  GROVE_ASSERT(!words.empty());
  QueryItem item(ItemKind::kPhrase, {});
  item.field_ = std::move(field);
  item.words_ = std::move(words);
  item.weight_ = weight;
  return item;
}

QueryItem QueryItem::and_(std::vector<QueryItem> children) {
  GROVE_ASSERT(!children.empty());
  return QueryItem(ItemKind::kAnd, std::move(children));
}

QueryItem QueryItem::or_(std::vector<QueryItem> children) {
  GROVE_ASSERT(!children.empty());
  return QueryItem(ItemKind::kOr, std::move(children));
}

QueryItem QueryItem::and_not(QueryItem positive, std::vector<QueryItem> negatives) {
  GROVE_ASSERT(!negatives.empty());
  std::vector<QueryItem> children;
  children.reserve(negatives.size() + 1);
  children.push_back(std::move(positive));
  for (QueryItem& n : negatives) children.push_back(std::move(n));
  return QueryItem(ItemKind::kAndNot, std::move(children));
}

QueryItem QueryItem::weak_and(std::vector<QueryItem> children, int32_t target_hits) {
  GROVE_ASSERT(!children.empty());
  QueryItem item(ItemKind::kWeakAnd, std::move(children));
  item.target_hits_ = target_hits;
  return item;
}

QueryItem QueryItem::range(std::string field, std::optional<Bound> lower,
                           std::optional<Bound> upper) {
  GROVE_ASSERT(!lower || !std::isnan(lower->value));
  GROVE_ASSERT(!upper || !std::isnan(upper->value));
  QueryItem item(ItemKind::kRange, {});
  item.field_ = std::move(field);
  item.lower_ = lower;
  item.upper_ = upper;
  return item;
}

QueryItem QueryItem::always() { return QueryItem(ItemKind::kTrue, {}); }

QueryItem QueryItem::never() { return QueryItem(ItemKind::kFalse, {}); }

size_t QueryItem::size() const {
  size_t n = 1;
  for (const QueryItem& c : children_) n += c.size();
  return n;
}

std::string QueryItem::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

void QueryItem::append_to(std::string& out) const {
  switch (kind_) {
    case ItemKind::kTerm:
      append_field(out, field_);
      append_text(out, text_);
      append_weight(out, weight_);
      return;
    case ItemKind::kPhrase:
      append_field(out, field_);
      out += "phrase(";
      for (size_t i = 0; i < words_.size(); ++i) {
        if (i > 0) out += ", ";
        append_text(out, words_[i]);
      }
      out += ')';
      append_weight(out, weight_);
      return;
    case ItemKind::kRange:
      out += field_;
      out += ':';
      out += lower_ && !lower_->inclusive ? '(' : '[';
      append_bound(out, lower_);
      out += ',';
      append_bound(out, upper_);
      out += upper_ && !upper_->inclusive ? ')' : ']';
      return;
    case ItemKind::kTrue:
    case ItemKind::kFalse:
      out += item_kind_name(kind_);
      return;
    default:
      break;
  }
  out += item_kind_name(kind_);
  if (kind_ == ItemKind::kWeakAnd) fmt::format_to(std::back_inserter(out), "[{}]", target_hits_);
  out += '(';
  for (size_t i = 0; i < children_.size(); ++i) {
    if (i > 0) out += ", ";
    children_[i].append_to(out);
  }
  out += ')';
}

}  // namespace grove::query
