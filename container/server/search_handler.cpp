#include "container/server/search_handler.h"

#include <fmt/format.h>

#include <algorithm>

#include "container/query/query_tree_convert.h"

namespace grove::container {

namespace {

constexpr Duration kDefaultTimeout = std::chrono::seconds(10);

SearchHandler::Plan error_plan(query::QueryError error) {
  SearchHandler::Plan out;
  out.errors.push_back(std::move(error));
  return out;
}

bool holds(const config::ContentCluster& cluster, const std::string& type) {
  return std::any_of(cluster.documents.begin(), cluster.documents.end(),
                     [&](const config::DocumentRef& d) { return d.type == type; });
}

Duration timeout_of(const SearchParams& params, const query::Query& query,
                    const config::ContentCluster& cluster) {
  if (params.timeout) return *params.timeout;
  if (query.timeout_ms) return std::chrono::milliseconds(*query.timeout_ms);
  if (cluster.query_timeout_seconds) {
    return std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(*cluster.query_timeout_seconds));
  }
  return kDefaultTimeout;
}

}  // namespace

SearchHandler::SearchHandler(const config::ApplicationModel& model,
                             std::vector<SearchCluster*> clusters, MetricRegistry& metrics)
    : model_(model), validator_(model), clusters_(std::move(clusters)) {
  metrics_.queries = &metrics.counter("queries", "Search requests received");
  metrics_.failed = &metrics.counter("failed_queries", "Search requests answered with an error");
  metrics_.latency = &metrics.histogram("query_latency_ms", "Search request latency");
}

void SearchHandler::handle(const http::HttpRequest& request, http::HttpResponder respond) const {
  Result<SearchParams> params = parse_search_params(request);
  Plan planned = params.ok() ? plan(std::move(params).value())
                             : error_plan(query::to_query_error(params.status()));
  if (!planned.plan) {
    metrics_.queries->add();
    metrics_.failed->add();
    respond(http::HttpResponse::json(query::http_status_of(planned.errors),
                                     query::render_error_response(planned.errors)));
    return;
  }
  auto run = std::make_shared<SearchRun>(std::move(*planned.plan), metrics_, std::move(respond));
  run->start();
}

SearchHandler::Plan SearchHandler::plan(SearchParams params) const {
  params.query.known_fields = &validator_.searchable_names();
  Result<query::Query> query = query::parse_query_request(params.query);
  if (!query.ok()) return error_plan(query::to_query_error(query.status()));
  if (!params.restrict.empty()) query->sources = params.restrict;
  std::vector<query::QueryError> errors = validator_.validate(*query);
  if (!errors.empty()) return Plan{std::nullopt, std::move(errors)};
  return plan_query(params, std::move(query).value());
}

SearchHandler::Plan SearchHandler::plan_query(const SearchParams& params, query::Query query) const {
  auto schemas = validator_.resolve_sources(query.sources);
  if (!schemas.ok()) return error_plan(query::to_query_error(schemas.status()));
  for (SearchCluster* cluster : clusters_) {
    for (const schema::Schema* schema : *schemas) {
      if (!holds(cluster->config(), schema->name())) continue;
      uint32_t hits = params.hits.value_or(static_cast<uint32_t>(query.hits.value_or(10)));
      uint32_t offset = params.offset.value_or(static_cast<uint32_t>(query.offset.value_or(0)));
      if (hits > kMaxHits || offset > kMaxOffset) {
        return error_plan(query::QueryError::invalid_query_parameter(fmt::format(
            "hits ({}) must be at most {} and offset ({}) at most {}", hits, kMaxHits, offset, kMaxOffset)));
      }
      QueryPlan plan;
      plan.cluster = cluster;
      plan.request.document_type = schema->name();
      plan.request.query = query::to_protocol(query.root);
      plan.request.sort = query::to_protocol(query.order_by);
      plan.request.rank_profile = params.rank_profile;
      plan.request.trace_level = params.trace_level;
      plan.hits = hits;
      plan.offset = offset;
      plan.summary = params.summary;
      plan.select_fields = query.select_fields;
      plan.global_stats = params.global_stats;
      plan.top_k_probability = params.top_k_probability.value_or(cluster->config().dispatch.top_k_probability);
      if (params.search_group && *params.search_group < cluster->group_count()) {
        plan.pinned_group = params.search_group;
      }
      plan.deadline = Deadline::after(SystemClock::instance(), timeout_of(params, query, cluster->config()));
      return Plan{std::move(plan), {}};
    }
  }
  return error_plan(query::QueryError::invalid_query_parameter("no content cluster holds the searched document types"));
}

}  // namespace grove::container
