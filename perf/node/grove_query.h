#pragma once

// Turns a benchmark Query (perf/common/query.h) into the request Grove runs: the content
// protocol's SearchRequest for a grove-content node, or the search::SearchRequest for an
// in-process ContentNode.
//
//   and  → AND of TERM nodes on the text field (a single term: the TERM alone)
//   or   → OR of TERM nodes
//   phrase → PHRASE on the text field
//   filter → AND(that, RANGE on the filter field, [lo, hi] inclusive)
//   sort → sort specs (ascending unless the key says descending); relevance otherwise
//
// Usage:
//   QueryTarget target{.document_type = "gcide", .rank_profile = "bm25"};
//   protocol::SearchRequest request = to_protocol_request(query, target);
//
// Pure functions; thread-safe.

#include <cstdint>
#include <string>

#include "content/search/search_request.h"
#include "perf/common/query.h"
#include "services/protocol/search_messages.h"

namespace grove::perf {

struct QueryTarget {
  std::string document_type;
  std::string text_field = "text";
  std::string rank_profile = "default";
  uint32_t hits = 10;
};

protocol::SearchRequest to_protocol_request(const Query& query, const QueryTarget& target);

search::SearchRequest to_search_request(const Query& query, const QueryTarget& target);

}  // namespace grove::perf
