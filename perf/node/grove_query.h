#pragma once

// Turns a benchmark Query (perf/common/query.h) into the request Grove runs: the Thrift
// wire::SearchRequest for grove-content, or the search::SearchRequest for an in-process
// ContentNode. The one place where this benchmark builds wire types.
//
//   and  → AND of TERM nodes on the text field (a single term: the TERM alone)
//   or   → OR of TERM nodes
//   phrase → PHRASE on the text field
//   filter → AND(that, RANGE on the filter field, [lo, hi] inclusive)
//   sort → sort specs (ascending unless the key says descending); relevance otherwise
//
// Usage:
//   QueryTarget target{.document_type = "gcide", .rank_profile = "bm25"};
//   wire::SearchRequest request = to_wire_request(query, target);
//
// Pure functions; thread-safe.

#include <cstdint>
#include <string>

#include "content/search/search_request.h"
#include "perf/common/query.h"
#include "services/idl/content_types.h"

namespace grove::perf {

struct QueryTarget {
  std::string document_type;
  std::string text_field = "text";
  std::string rank_profile = "default";
  uint32_t hits = 10;
};

wire::SearchRequest to_wire_request(const Query& query, const QueryTarget& target);

search::SearchRequest to_search_request(const Query& query, const QueryTarget& target);

}  // namespace grove::perf
