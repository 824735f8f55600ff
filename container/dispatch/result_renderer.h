#pragma once

// render_search_result(): a search result as Vespa's JSON (DESIGN §7, step 5):
//
//   {"root":{"id":"toplevel","relevance":1.0,
//            "fields":{"totalCount":N,"searchGroup":G},
//            "coverage":{...},            (dispatch::Coverage::write_json)
//            "errors":[{"code":..,"summary":..,"message":..}],   (only when there are errors)
//            "children":[{"id":"index:<cluster>/<key>/<gid hex>","relevance":R,
//                         "source":"<cluster>","fields":{"sddocname":..., summary fields}}],
//            "trace":{...}}}                (only with trace.level >= 1; see QueryTrace)
//
// The content node's docsums carry the summary fields only, not the document id, so a hit's id
// is Vespa's form for hits without one: index:<source>/<distribution key>/<gid in hex>.
//
// Pure function; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "container/dispatch/coverage.h"
#include "container/dispatch/hit_merger.h"
#include "container/query/query_error.h"

namespace grove::container {

// Where a query's time went, rendered with trace.level >= 1 as
//   "trace":{"children":[{"message":"..."}...],
//            "timing":{"stats_ms":..,"search_ms":..,"fill_ms":..,"total_ms":..},
//            "nodes":[{"key":K,"search_ms":..,"rtt_ms":..,"matched":..}...]}
// search_ms of a node is its own time for the query phase; rtt_ms what the container waited.
struct QueryTrace {
  struct NodeTime {
    uint16_t key = 0;
    double search_ms = 0;
    double rtt_ms = 0;
    int64_t matched = 0;
  };
  double stats_ms = 0;   // the global-statistics round
  double search_ms = 0;  // scatter to the last reply
  double fill_ms = 0;    // the summary fill
  double total_ms = 0;   // in the container, from the request to the rendered result
  std::vector<NodeTime> nodes;
};

struct SearchResult {
  std::string cluster;
  std::string document_type;
  uint64_t total_count = 0;
  size_t search_group = 0;
  dispatch::Coverage coverage;
  std::vector<query::QueryError> errors;
  std::vector<dispatch::Hit> hits;
  std::vector<std::string> fields_json;  // per hit: a JSON object, or "" when not filled
  // YQL `select a, b`: a hit's fields are only these (and sddocname); empty: all it has.
  std::vector<std::string> select_fields;
  std::optional<QueryTrace> trace;       // with trace.level >= 1
};

std::string render_search_result(const SearchResult& result);

// "index:<cluster>/<key>/<24 hex digits>".
std::string hit_id(const std::string& cluster, const dispatch::Hit& hit);

}  // namespace grove::container
