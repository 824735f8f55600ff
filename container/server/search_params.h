#pragma once

// SearchParams: the parameters of one /search/ request, read from the URL query and, for POST,
// from a JSON body (nested objects are flattened to dotted names: {"ranking":{"profile":"p"}}
// is ranking.profile) or a form-encoded body. Body values win over URL values.
//
//   yql, query, model.defaultIndex, model.type   -> query (parse_query_request's input)
//   model.restrict        comma-separated document types or clusters (replaces the YQL sources)
//   model.searchGroup     soft pin to a leaf group, by index
//   ranking, ranking.profile                     rank profile ("default")
//   hits (10, at most 400), offset (0, at most 1000)
//   timeout               "500ms", "2s", "1.5" (seconds), "1m"
//   presentation.summary  summary class ("default")
//   trace.level           accepted
//   ranking.globalStats   true/false (true)
//   dispatch.topKProbability  0 < p <= 1, overrides the cluster's top-k-probability
//
// Usage:
//   Result<SearchParams> p = parse_search_params(request);
//   if (!p.ok()) respond(400, render_error_response({to_query_error(p.status())}));
//
// Plain value type and pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "container/query/query_request.h"
#include "services/base/clock.h"
#include "services/base/result.h"
#include "services/http/http_server.h"

namespace grove::container {

struct SearchParams {
  query::QueryParameters query;  // known_fields left null; set by the caller
  std::vector<std::string> restrict;
  std::optional<size_t> search_group;
  std::string rank_profile = "default";
  std::optional<uint32_t> hits;    // absent: the YQL limit, else 10
  std::optional<uint32_t> offset;  // absent: the YQL offset, else 0
  std::optional<Duration> timeout;
  std::string summary = "default";
  int trace_level = 0;
  bool global_stats = true;
  std::optional<double> top_k_probability;
};

inline constexpr uint32_t kMaxHits = 400;
inline constexpr uint32_t kMaxOffset = 1000;

// InvalidArgument (Vespa code 4) names the parameter and the bad value.
Result<SearchParams> parse_search_params(const http::HttpRequest& request);

}  // namespace grove::container
