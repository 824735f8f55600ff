#pragma once

// The search concern of the content protocol (services/protocol/docs/protocol.md): a query's
// three calls to the nodes of one group: term statistics, search, and the summary fill.
//
// Plain value types: the container builds them, the content node reads them, and the Thrift
// adapter (services/idl/protocol_wire) is the only code that turns them into wire bytes. Byte
// strings (gids, sort data) are std::string. Equality compares every field, for round-trip tests.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace grove::protocol {

// ---- The query tree -----------------------------------------------------------------------

enum class QueryNodeKind : uint8_t {
  kTerm = 1,     // `term` in `field` (a field or a fieldset)
  kPhrase = 2,   // `phrase_terms` in order
  kAnd = 3,
  kOr = 4,
  kAndNot = 5,   // the first child minus the others
  kWeakAnd = 6,  // an OR that keeps about `target_hits` best candidates
  kRange = 7,    // a numeric attribute within [lower, upper]
  kTrue = 8,     // every active document
  kFalse = 9,    // no document
};

struct QueryNode {
  QueryNodeKind kind = QueryNodeKind::kTrue;
  std::vector<int32_t> children;  // indexes into QueryTree::nodes
  std::string field;
  std::string term;                       // kTerm: the normalized term
  std::vector<std::string> phrase_terms;  // kPhrase
  std::optional<double> lower;            // kRange; absent: unbounded
  std::optional<double> upper;
  bool lower_inclusive = true;
  bool upper_inclusive = true;
  int32_t target_hits = 100;  // kWeakAnd
  int32_t weight = 100;       // kTerm, kPhrase: the term's weight in ranking
  bool operator==(const QueryNode&) const = default;
};

// A tree flattened into a list; `root` indexes `nodes`. The content node checks that every index
// is in range and that there is no cycle.
struct QueryTree {
  std::vector<QueryNode> nodes;
  int32_t root = 0;
  bool operator==(const QueryTree&) const = default;
};

// ---- Corpus statistics, so that scores do not depend on the layout -------------------------

struct TermStats {
  std::string field;
  std::string term;
  int64_t document_frequency = 0;
  bool operator==(const TermStats&) const = default;
};

struct FieldStats {
  std::string field;
  int64_t length_sum = 0;      // tokens in the field over the documents
  int64_t document_count = 0;  // documents that have the field
  bool operator==(const FieldStats&) const = default;
};

struct GlobalStats {
  int64_t total_documents = 0;
  std::vector<TermStats> terms;
  std::vector<FieldStats> fields;
  bool operator==(const GlobalStats&) const = default;
};

// ---- term_stats: a node's local statistics for the terms of a query ------------------------

struct TermStatsRequest {
  std::string document_type;
  QueryTree query;
  bool operator==(const TermStatsRequest&) const = default;
};

struct TermStatsReply {
  GlobalStats stats;
  bool operator==(const TermStatsReply&) const = default;
};

// ---- search: a node's top hits -------------------------------------------------------------

struct SortSpec {
  std::string attribute;
  bool ascending = true;
  bool operator==(const SortSpec&) const = default;
};

struct SearchRequest {
  std::string document_type;
  QueryTree query;
  std::string rank_profile = "default";
  int32_t hits = 10;
  int32_t offset = 0;
  std::vector<SortSpec> sort;                // empty: by relevance
  std::optional<GlobalStats> global_stats;   // absent: the node's own statistics
  std::map<std::string, double> rank_inputs; // query(name) values
  int32_t trace_level = 0;
  // The dispatcher's layout (Distribution::layout_id); 0: the node's current one.
  uint64_t layout = 0;
  bool operator==(const SearchRequest&) const = default;
};

struct SearchHit {
  std::string gid;  // 12 bytes
  double relevance = 0;
  std::optional<std::string> sort_data;  // memcmp-sortable bytes for order-by merges
  uint16_t distribution_key = 0;         // the node that holds the hit, for the summary fill
  bool operator==(const SearchHit&) const = default;
};

struct QueryMetrics {
  int64_t matched_documents = 0;
  int64_t searched_documents = 0;  // active documents on the node
  double match_ms = 0;             // matching and first phase
  double second_phase_ms = 0;
  double total_ms = 0;
  bool operator==(const QueryMetrics&) const = default;
};

struct SearchReply {
  std::vector<SearchHit> hits;
  int64_t total_hits = 0;
  QueryMetrics metrics;
  bool total_hits_exact = true;
  bool operator==(const SearchReply&) const = default;
};

// ---- docsum: the summary fields of chosen hits ---------------------------------------------

struct DocsumRequest {
  std::string document_type;
  std::string summary_class = "default";
  std::vector<std::string> gids;
  bool operator==(const DocsumRequest&) const = default;
};

struct Docsum {
  std::string gid;
  bool found = false;
  std::string fields_json;  // the summary fields as one JSON object
  bool operator==(const Docsum&) const = default;
};

struct DocsumReply {
  std::vector<Docsum> docsums;  // in the order of the request's gids
  bool operator==(const DocsumReply&) const = default;
};

}  // namespace grove::protocol
