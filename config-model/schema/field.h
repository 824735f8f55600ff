#pragma once

// Field: one field of a schema, either a document field (fed by clients) or a synthetic field
// declared outside the `document` block that derives its value with `indexing: input other | ...`.
//
// The settings here are the *effective* ones after parsing: defaults are filled in (a string
// field with `index` matches as text with `best` stemming, an attribute-only field matches as
// word), so consumers never have to re-derive Vespa's defaults.
//
// A plain value type, owned by its Schema; immutable once the Schema is built.

#include <string>
#include <string_view>
#include <vector>

#include "config-model/schema/data_type.h"

namespace grove::schema {

enum class MatchMode { kText, kWord, kExact };
enum class Stemming { kNone, kBest, kShortest, kMultiple };

// The .sd spellings: "text", "word", "exact" and "none", "best", "shortest", "multiple".
std::string_view match_mode_name(MatchMode mode);
std::string_view stemming_name(Stemming stemming);

struct Field {
  std::string name;
  DataType type;

  // From the indexing statement.
  bool summary = false;    // stored and returned in the default summary
  bool attribute = false;  // kept as an in-memory column (filters, sorting, ranking)
  bool index = false;      // tokenized into the inverted index

  bool fast_search = false;  // `attribute: fast-search`
  MatchMode match = MatchMode::kText;
  Stemming stemming = Stemming::kNone;
  bool rank_filter = false;          // `rank: filter`: match without position information
  int weight = 100;                  // `weight: N`, the field's weight in nativeRank-style features
  std::vector<std::string> aliases;  // `alias: name`

  // Invariant: empty for document fields; the source document field for synthetic fields.
  std::string input;
  bool in_document = true;
  int line = 0;  // line of the `field` keyword in the .sd file
};

}  // namespace grove::schema
