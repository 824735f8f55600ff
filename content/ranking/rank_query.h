#pragma once

// RankQuery: what a rank executor needs to know about one query: its terms (each with the
// match-data slots of the fields it searches and the document frequency to use), the corpus
// statistics (local, or global ones sent with the query), the query's rank properties
// (`query(name)` values) and the snapshot to read field lengths and attributes from.
//
// Built by the searcher's blueprint for each query; borrowed by the executor for the query.
// A plain value type; confined to the query's thread.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "content/index/doc_ids.h"
#include "content/index/index_snapshot.h"
#include "content/ranking/match_data.h"

namespace grove::ranking {

// One (term, indexed field) pair of the query.
struct RankTermField {
  index::FieldId field = 0;
  uint32_t slot = 0;    // its MatchData slot
  double doc_freq = 0;  // the term's document frequency in that field
};

// One (term, attribute) pair of the query (a term searched in an attribute).
struct RankTermAttribute {
  index::AttributeId attribute = 0;
  uint32_t slot = 0;
};

// A query term (a word or a whole phrase) as ranking sees it.
struct RankTerm {
  int32_t weight = 100;        // the term's weight in the query
  uint32_t phrase_length = 1;  // words in the phrase; 1 for a plain term
  std::vector<RankTermField> fields;
  std::vector<RankTermAttribute> attributes;
};

struct RankQuery {
  const index::IndexSnapshot* snapshot = nullptr;
  MatchData* match_data = nullptr;
  std::vector<RankTerm> terms;                                // in query order
  double total_docs = 0;                                      // N
  std::vector<double> avg_field_length;                       // indexed by FieldId
  const std::map<std::string, double>* properties = nullptr;  // query(name) values; may be null
};

}  // namespace grove::ranking
