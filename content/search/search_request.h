#pragma once

// SearchRequest and SearchResult: what one query asks of a content node's index and what it
// gets back, including the per-term statistics exchanged for global ranking (CorpusStats).
// Plain value types, designed to map one-to-one onto Thrift structs.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "content/index/doc_ids.h"
#include "content/search/query_tree.h"

namespace grove::search {

struct SortSpec {
  std::string attribute;  // a single-value attribute
  bool ascending = true;
};

struct TermDocFreq {
  std::string field;  // an indexed field
  std::string term;
  uint64_t doc_freq = 0;
};

struct FieldLengthTotals {
  std::string field;
  uint64_t length_sum = 0;  // tokens over the documents
  uint64_t doc_count = 0;   // documents with the field
};

// Corpus statistics for BM25: this node's (local_stats()) or the whole corpus's (the sum over
// nodes, sent back with the query so that every node scores alike).
struct CorpusStats {
  uint64_t total_docs = 0;
  std::vector<FieldLengthTotals> fields;
  std::vector<TermDocFreq> terms;

  // Adds `other` in (fields and terms matched by name).
  void merge(const CorpusStats& other);
  std::optional<uint64_t> doc_freq(std::string_view field, std::string_view term) const;
  const FieldLengthTotals* field(std::string_view name) const;
};

inline constexpr uint64_t kDefaultExactHitLimit = 10000;

struct SearchRequest {
  QueryTree query;
  std::string rank_profile = "default";
  uint32_t offset = 0;
  uint32_t hits = 10;
  std::vector<SortSpec> order_by;                 // empty: by relevance
  std::map<std::string, double> rank_properties;  // query(name) values
  std::optional<CorpusStats> global_stats;        // when set, BM25 uses these
  // Matches are counted exactly up to this many; past it the matcher may skip documents that
  // cannot reach the top hits, and the count becomes a lower bound (total_hits_exact = false).
  uint64_t exact_hit_limit = kDefaultExactHitLimit;
};

// A hit's value of one order-by attribute; monostate when missing.
using SortValue = std::variant<std::monostate, int64_t, double, std::string>;

struct SearchHit {
  index::LocalDocId lid = 0;
  double relevance = 0;
  std::vector<SortValue> sort_values;  // one per SortSpec when ordering by attributes
};

struct QueryMetrics {
  uint64_t documents_matched = 0;   // matches counted (see SearchResult::total_hits_exact)
  uint64_t documents_searched = 0;  // active documents
  uint64_t first_phase_evaluations = 0;
  uint64_t second_phase_evaluations = 0;
  double match_seconds = 0;  // matching and first phase
  double second_phase_seconds = 0;
  double total_seconds = 0;
};

struct SearchResult {
  std::vector<SearchHit> hits;  // offset applied, at most `hits`
  uint64_t total_hits = 0;
  bool total_hits_exact = true;
  QueryMetrics metrics;
};

}  // namespace grove::search
