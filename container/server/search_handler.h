#pragma once

// SearchHandler: the /search/ endpoint: reads the parameters (SearchParams), parses and validates
// the query, picks the content cluster and document type it searches, and starts a SearchRun.
// Bad requests are answered at once with Vespa's error JSON (400, code 1 or 4).
//
// The query goes to one content cluster: the first (in services.xml order) that holds one of
// the searched document types, and to that one document type.
//
// Thread-safe: immutable after construction. Borrows the model, the clusters and the registry,
// which must outlive it and every run it started.

#include <optional>
#include <vector>

#include "config-model/model/application_model.h"
#include "container/query/query_validator.h"
#include "container/server/search_params.h"
#include "container/dispatch/search_run.h"

namespace grove::container {

class SearchHandler {
 public:
  SearchHandler(const config::ApplicationModel& model, std::vector<SearchCluster*> clusters,
                MetricRegistry& metrics);

  // Answers through `respond` exactly once (possibly later, from an I/O thread).
  void handle(const http::HttpRequest& request, http::HttpResponder respond) const;

  struct Plan {
    std::optional<QueryPlan> plan;         // set when the query can run
    std::vector<query::QueryError> errors;  // else why not
  };
  // The plan for a request's parameters; exposed for tests.
  Plan plan(SearchParams params) const;

 private:
  Plan plan_query(const SearchParams& params, query::Query query) const;

  const config::ApplicationModel& model_;
  query::QueryValidator validator_;
  std::vector<SearchCluster*> clusters_;  // Invariant: non-null, one per content cluster
  SearchMetrics metrics_;
};

}  // namespace grove::container
