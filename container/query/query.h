#pragma once

// Query: everything a search request asks for once its YQL (or its `query=` text) is parsed:
// the item tree, the summary fields to return, the document types to search, the sort order,
// paging and the timeout.
//
// Produced by parse_query_request() (query_request.h), checked against the schemas by
// QueryValidator, and sent to content nodes through wire_query_convert.h.
//
// Paging follows Vespa: YQL's `limit` is the END position, so `limit 15 offset 5` gives
// hits = 10 from offset 5. A value left unset here was not given in the YQL; the caller uses
// the request's `hits`/`offset`/`timeout` parameters or its defaults.
//
// Usage:
//   Result<Query> q = parse_query_request(params);
//   if (q.ok()) log(q->to_string());
//   // "select title from sources music where title:fox order by year desc hits 10"
//
// A plain value type; not modified after parsing. Safe to share between threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "container/query/query_item.h"

namespace grove::query {

struct SortKey {
  std::string attribute;
  bool ascending = true;

  friend bool operator==(const SortKey&, const SortKey&) = default;
};

struct Query {
  QueryItem root;
  // The fields to return, in the order asked for. Empty means `select *` (every field of the
  // summary); the grammar cannot name zero fields.
  std::vector<std::string> select_fields;
  // The sources (document types or content clusters) named after `from`. Empty means
  // `from sources *`, every document type.
  std::vector<std::string> sources;
  std::vector<SortKey> order_by;       // empty: by relevance
  std::optional<int32_t> hits;         // Invariant: >= 0 when set
  std::optional<int32_t> offset;       // Invariant: >= 0 when set
  std::optional<int32_t> timeout_ms;   // Invariant: >= 0 when set

  // The canonical form: "select * from sources * where <root> [order by a desc, b asc]
  // [hits N] [offset N] [timeout N]".
  std::string to_string() const;

  friend bool operator==(const Query&, const Query&) = default;
};

}  // namespace grove::query
