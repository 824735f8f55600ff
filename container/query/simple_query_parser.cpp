#include "container/query/simple_query_parser.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "container/query/yql_cursor.h"
#include "services/text/char_class.h"
#include "services/text/utf8.h"

namespace grove::query {

namespace {

enum class Occur { kShould, kMust, kMustNot };

struct SimpleTerm {
  Occur occur = Occur::kShould;
  std::string field;
  std::vector<std::string> words;  // one word: a term; several: a phrase
  int32_t weight = kDefaultWeight;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_field_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

bool is_word_class(text::CharClass c) { return c != text::CharClass::kSeparator; }

// `word` without the characters that are not letters, digits or marks at either end.
std::string_view strip_punctuation(std::string_view word) {
  const auto* begin = reinterpret_cast<const unsigned char*>(word.data());
  const auto* end = begin + word.size();
  size_t first = word.size();
  size_t last = 0;
  for (const unsigned char* p = begin; p < end;) {
    text::DecodedChar d = text::decode_utf8(p, end);
    const bool word_char = d.valid && is_word_class(text::classify(d.code_point));
    const size_t at = static_cast<size_t>(p - begin);
    if (word_char) {
      first = std::min(first, at);
      last = at + d.length;
    }
    p += d.length;
  }
  return first < last ? word.substr(first, last - first) : std::string_view();
}

// Splits a trailing weight (`!N`, or bare `!`s) off `word`.
int32_t take_weight(std::string_view& word) {
  const size_t bang = word.rfind('!');
  if (bang == std::string_view::npos) return kDefaultWeight;
  std::string_view digits = word.substr(bang + 1);
  if (!digits.empty()) {
    int32_t weight = 0;
    for (char c : digits) {
      if (c < '0' || c > '9' || weight > 100000) return kDefaultWeight;
      weight = weight * 10 + (c - '0');
    }
    word = word.substr(0, bang);
    return weight;
  }
  size_t bangs = 0;
  while (bangs < word.size() && word[word.size() - 1 - bangs] == '!') ++bangs;
  word = word.substr(0, word.size() - bangs);
  return kDefaultWeight + 50 * static_cast<int32_t>(std::min<size_t>(bangs, 100));
}

// Reads the items of the text, left to right.
class Scanner {
 public:
  Scanner(std::string_view text, const SimpleQueryOptions& options)
      : text_(text), options_(options) {}

  std::vector<SimpleTerm> run() {
    while (skip_spaces()) item();
    return std::move(terms_);
  }

 private:
  bool skip_spaces() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    return pos_ < text_.size();
  }

  void item() {
    SimpleTerm term;
    term.occur = occur();
    term.field = field();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      quoted(term);
    } else {
      word(term);
    }
    if (!term.words.empty()) terms_.push_back(std::move(term));
  }

  // A leading '+' or '-' directly followed by the term.
  Occur occur() {
    if (pos_ + 1 >= text_.size() || is_space(text_[pos_ + 1])) return Occur::kShould;
    const char c = text_[pos_];
    if (c != '+' && c != '-') return Occur::kShould;
    ++pos_;
    return c == '+' ? Occur::kMust : Occur::kMustNot;
  }

  // A `name:` prefix followed by a term, or the default index.
  std::string field() {
    size_t end = pos_;
    while (end < text_.size() && is_field_char(text_[end])) ++end;
    const bool prefix = end > pos_ && end + 1 < text_.size() && text_[end] == ':' &&
                        !is_space(text_[end + 1]);
    std::string name(text_.substr(pos_, end - pos_));
    if (!prefix || (options_.known_fields && !options_.known_fields->contains(name))) {
      return options_.default_index;
    }
    pos_ = end + 1;
    return name;
  }

  void quoted(SimpleTerm& term) {
    const size_t close = text_.find('"', pos_ + 1);
    const size_t end = close == std::string_view::npos ? text_.size() : close;
    std::string_view inside = text_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = std::min(text_.size(), end + 1);
    size_t at = 0;
    while (at < inside.size()) {
      size_t stop = at;
      while (stop < inside.size() && !is_space(inside[stop])) ++stop;
      std::string_view w = strip_punctuation(inside.substr(at, stop - at));
      if (!w.empty()) term.words.emplace_back(w);
      at = stop + 1;
    }
  }

  void word(SimpleTerm& term) {
    const size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_]) && text_[pos_] != '"') ++pos_;
    std::string_view w = text_.substr(start, pos_ - start);
    term.weight = take_weight(w);
    w = strip_punctuation(w);
    if (!w.empty()) term.words.emplace_back(w);
  }

  std::string_view text_;
  const SimpleQueryOptions& options_;
  size_t pos_ = 0;  // Invariant: <= text_.size()
  std::vector<SimpleTerm> terms_;
};

QueryItem to_item(SimpleTerm term) {
  if (term.words.size() == 1) {
    return QueryItem::term(std::move(term.field), std::move(term.words[0]), term.weight);
  }
  return QueryItem::phrase(std::move(term.field), std::move(term.words), term.weight);
}

// One item for `items`: nothing, the item itself, or `combine` of them.
std::optional<QueryItem> combine(std::vector<QueryItem> items,
                                 QueryItem (*combine)(std::vector<QueryItem>)) {
  if (items.empty()) return std::nullopt;
  if (items.size() == 1) return std::move(items[0]);
  return combine(std::move(items));
}

std::optional<QueryItem> positive(std::vector<SimpleTerm>& terms, const SimpleQueryOptions& o) {
  std::vector<QueryItem> should;
  std::vector<QueryItem> must;
  for (SimpleTerm& t : terms) {
    if (t.occur == Occur::kMustNot) continue;
    (t.occur == Occur::kMust || o.type == QueryType::kAll ? must : should)
        .push_back(to_item(std::move(t)));
  }
  std::optional<QueryItem> any;
  if (o.type == QueryType::kWeakAnd && should.size() > 1) {
    any = QueryItem::weak_and(std::move(should), o.target_hits);
  } else {
    any = combine(std::move(should), &QueryItem::or_);
  }
  if (any) must.insert(must.begin(), std::move(*any));
  return combine(std::move(must), &QueryItem::and_);
}

std::optional<QueryItem> with_negatives(std::vector<SimpleTerm>& terms,
                                        std::optional<QueryItem> positive_item) {
  std::vector<QueryItem> negatives;
  for (SimpleTerm& t : terms) {
    if (t.occur == Occur::kMustNot) negatives.push_back(to_item(std::move(t)));
  }
  if (negatives.empty()) return positive_item;
  return QueryItem::and_not(positive_item ? std::move(*positive_item) : QueryItem::always(),
                            std::move(negatives));
}

// QueryType::kPhrase: every word of the text, in order.
std::optional<QueryItem> whole_phrase(std::string_view text, const SimpleQueryOptions& o) {
  SimpleTerm all;
  all.field = o.default_index;
  size_t at = 0;
  while (at < text.size()) {
    size_t stop = at;
    while (stop < text.size() && !is_space(text[stop]) && text[stop] != '"') ++stop;
    std::string_view w = strip_punctuation(text.substr(at, stop - at));
    if (!w.empty()) all.words.emplace_back(w);
    at = stop + 1;
  }
  if (all.words.empty()) return std::nullopt;
  return to_item(std::move(all));
}

}  // namespace

std::string_view query_type_name(QueryType type) {
  switch (type) {
    case QueryType::kAll: return "all";
    case QueryType::kAny: return "any";
    case QueryType::kWeakAnd: return "weakAnd";
    case QueryType::kPhrase: return "phrase";
  }
  return "all";
}

Result<QueryType> parse_query_type(std::string_view name) {
  for (QueryType t : {QueryType::kAll, QueryType::kAny, QueryType::kWeakAnd, QueryType::kPhrase}) {
    if (equals_ignore_case(name, query_type_name(t))) return t;
  }
  return Status::InvalidArgument(fmt::format(
      "model.type '{}' is not supported: use all, any, weakAnd or phrase", name));
}

Result<QueryItem> parse_simple_query(std::string_view text, const SimpleQueryOptions& options) {
  std::optional<QueryItem> item;
  if (options.type == QueryType::kPhrase) {
    item = whole_phrase(text, options);
  } else {
    std::vector<SimpleTerm> terms = Scanner(text, options).run();
    item = with_negatives(terms, positive(terms, options));
  }
  if (!item) return Status::NotFound("No query: the query is empty");
  if (item->size() > kMaxQueryItems) {
    return Status::InvalidArgument(fmt::format(
        "the query has {} items, more than the limit of {}", item->size(), kMaxQueryItems));
  }
  return std::move(*item);
}

}  // namespace grove::query
