#pragma once

// The simple query language of Vespa's `query=` parameter, for the types `all` (the default),
// `any`, `weakAnd` and `phrase` (`model.type`), with `model.defaultIndex` as the field of terms
// that name none.
//
//   text     := (space* item)*
//   item     := ['+' | '-'] [field ':'] (word | '"' words '"')
//   word     := any run of characters up to a space or a quote; characters that are not letters
//               or digits are dropped from both ends (Vespa is lenient about stray punctuation),
//               and a word left empty is dropped. A trailing `!N` sets the weight to N; each
//               bare trailing `!` adds 50 to the default weight of 100.
//   field    := [A-Za-z0-9_.]+, taken as a field only when followed by a term (and, when
//               `known_fields` is given, only when it is one of them: "re: hello" is two terms)
//
// Meaning, with P the plain items, M the `+` items and N the `-` items:
//   all      AND(P + M)
//   any      OR(P), or AND(OR(P), M...) when there are `+` items
//   weakAnd  WEAK_AND[target_hits](P), or AND(WEAK_AND(P), M...)
//   phrase   the whole text is one phrase of its words in the default index
//   and then ANDNOT(that, N...) when there are `-` items (TRUE when only `-` items were given).
// A quoted run of several words is a PHRASE; one word is a TERM; an operator with one child is
// that child.
//
// Usage:
//   SimpleQueryOptions options;
//   options.type = QueryType::kAny;
//   Result<QueryItem> item = parse_simple_query("+fox \"brown dog\" -cat", options);
//   // ANDNOT(AND(phrase("brown", "dog"), fox), cat)
//
// Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "container/query/query_item.h"
#include "services/base/result.h"

namespace grove::query {

enum class QueryType { kAll, kAny, kWeakAnd, kPhrase };

// "all", "any", "weakAnd", "phrase".
std::string_view query_type_name(QueryType type);

// Parses a `model.type` value, ignoring case. InvalidArgument names the supported types.
Result<QueryType> parse_query_type(std::string_view name);

struct SimpleQueryOptions {
  std::string default_index;  // the field of terms without one; "" = the `default` fieldset
  QueryType type = QueryType::kAll;
  int32_t target_hits = kDefaultTargetHits;  // for QueryType::kWeakAnd
  // Borrowed for the call; when set, `x:` is a field prefix only if x is in it.
  const std::unordered_set<std::string>* known_fields = nullptr;
};

// The item tree for `text`. NotFound "No query: the query is empty" when the text holds no
// word; InvalidArgument when it holds more than kMaxQueryItems items.
Result<QueryItem> parse_simple_query(std::string_view text, const SimpleQueryOptions& options);

}  // namespace grove::query
