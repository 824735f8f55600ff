#pragma once

// Vespa's /cluster/v2 API in JSON (docs/controller.md has the shapes): what grove-configserver
// answers for
//   GET /cluster/v2                            render_cluster_list
//   GET /cluster/v2/<cluster>                  render_cluster (every node, as ?recursive=true)
//   GET /cluster/v2/<cluster>/<service>/<key>  render_node ("storage" or "distributor")
//   PUT /cluster/v2/<cluster>/storage/<key>    parse_set_node_state, then render_set_result
// from the controller's ClusterStatus. Writing uses JsonWriter, reading simdjson.
//
// Usage:
//   auto change = parse_set_node_state(body);
//   if (!change.ok()) return respond(400, error_json(change.status().message()));
//   auto outcome = controller.set_wanted_state(cluster, key, change->state, change->reason,
//   change->condition); respond(200, render_set_result(*outcome));
//
// Free functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/controller/cluster_controller.h"
#include "services/base/result.h"

namespace grove::controller {

// {"cluster": {"<id>": {"link": "/cluster/v2/<id>"}, ...}}
std::string render_cluster_list(const std::vector<std::string>& cluster_ids);

// {"state": {"generated": {"state": "up"|"down", "reason": ...}},
//  "service": {"distributor": {"node": {"<key>": NODE...}}, "storage": {"node": {...}}},
//  "distribution-states": {"published": {"baseline": "<state string>", "bucket-spaces": [...]}}}
std::string render_cluster(const ClusterStatus& status);

// {"attributes": {"hierarchical-group": ...}, "state": {"generated": {"state", "reason"},
//  "unit": {...}, "user": {...}}, "metrics": {"bucket-count", "unique-document-count",
//  "unique-document-total-size"}} plus Grove's "grove" object (latency, versions, errors).
// InvalidArgument for a service other than storage or distributor; NotFound for a key the
// cluster does not have.
Result<std::string> render_node(const ClusterStatus& status, std::string_view service,
                                uint16_t key);

struct NodeStateChange {
  WantedState state = WantedState::kUp;
  std::string reason;
  SetCondition condition = SetCondition::kUnconditionally;
};

// {"state": {"user": {"state": "<up|down|maintenance|retired>", "reason": "..."}},
//  "condition": "unconditionally"|"safe", "response-wait": "wait-until-cluster-acked"|"no-wait"}
// "reason", "condition" and "response-wait" are optional; response-wait is accepted and has no
// effect (a change is published at once). InvalidArgument naming the problem for malformed
// JSON, a missing or mistyped key, an unknown key, or a state that cannot be wanted.
Result<NodeStateChange> parse_set_node_state(std::string_view body);

// {"wasModified": true|false, "reason": "..."}
std::string render_set_result(const SetOutcome& outcome);

// {"message": "..."}: the body of an error answer.
std::string render_error(std::string_view message);

}  // namespace grove::controller
