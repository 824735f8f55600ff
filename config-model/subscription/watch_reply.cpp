// WatchReply::parse and watch_target (docs/subscription.md).

#include "config-model/subscription/watch_reply.h"

#include <fmt/format.h>
#include <simdjson.h>

namespace grove::subscription {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

Status field_error(std::string_view field, std::string_view what) {
  return Status::InvalidArgument(fmt::format("config watch reply: '{}' {}", field, what));
}

Result<ClusterStates> parse_states(element value) {
  ClusterStates states;
  object clusters;
  if (value.get(clusters)) return field_error("cluster-states", "is not an object");
  for (auto [cluster, entry] : clusters) {
    ClusterStateInfo info;
    std::string_view text;
    std::string field = fmt::format("cluster-states.{}", std::string_view(cluster));
    if (entry["version"].get(info.version)) return field_error(field + ".version", "is missing or not a whole number");
    if (entry["state"].get(text)) return field_error(field + ".state", "is missing or not a string");
    info.state = std::string(text);
    states.emplace(std::string(cluster), std::move(info));
  }
  return states;
}

}  // namespace

Result<WatchReply> WatchReply::parse(std::string_view body) {
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(body.data(), body.size()).get(root)) {
    return Status::InvalidArgument(fmt::format("config watch reply: not JSON: {}", simdjson::error_message(error)));
  }
  WatchReply reply;
  if (root["generation"].get(reply.generation)) return field_error("generation", "is missing or not a whole number");
  std::string_view text;
  if (!root["package"].get(text)) reply.package = std::string(text);
  if (!root["content-type"].get(text)) reply.content_type = std::string(text);
  element plan;
  if (!root["plan"].get(plan)) {
    if (!plan.is_object()) return field_error("plan", "is not an object");
    reply.plan_json = simdjson::minify(plan);
  }
  if (reply.generation > 0 && reply.package.empty()) return field_error("package", "is missing (generation > 0)");
  if (reply.generation > 0 && reply.plan_json.empty()) return field_error("plan", "is missing (generation > 0)");
  element states;
  if (!root["cluster-states"].get(states)) {
    GROVE_ASSIGN_OR_RETURN(reply.cluster_states, parse_states(states));
  }
  return reply;
}

std::string watch_target(uint64_t generation, uint32_t timeout_seconds, const ClusterStates& states) {
  std::string target = fmt::format("/config/v1/watch?generation={}&timeout={}", generation, timeout_seconds);
  const char* separator = "&states=";
  for (const auto& [cluster, info] : states) {
    target += fmt::format("{}{}:{}", separator, cluster, info.version);
    separator = ",";
  }
  return target;
}

}  // namespace grove::subscription
