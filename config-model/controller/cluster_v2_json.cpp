#include "config-model/controller/cluster_v2_json.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "services/base/json_writer.h"

namespace grove::controller {

namespace dom = simdjson::dom;
using distribution::State;

namespace {

std::string_view state_word(State s) {
  switch (s) {
    case State::kUp:
      return "up";
    case State::kDown:
      return "down";
    case State::kMaintenance:
      return "maintenance";
    case State::kRetired:
      return "retired";
    case State::kInitializing:
      return "initializing";
    case State::kStopping:
      return "stopping";
  }
  return "down";
}

void state_and_reason(JsonWriter& w, std::string_view key, std::string_view state,
                      std::string_view reason) {
  w.key(key).begin_object();
  w.key("state").string(state);
  w.key("reason").string(reason);
  w.end_object();
}

void write_node(JsonWriter& w, const ClusterStatus& status, const NodeFacts& n, bool storage) {
  const distribution::NodeState& generated = storage ? n.storage : n.distributor;
  std::string generated_reason = generated.state == State::kUp ? "" : n.generated_reason;
  if (!status.published) generated_reason = "no cluster state published yet";
  w.begin_object();
  w.key("attributes").begin_object().key("hierarchical-group").string(n.group).end_object();
  w.key("state").begin_object();
  state_and_reason(w, "generated", state_word(generated.state), generated_reason);
  state_and_reason(w, "unit", reported_state_name(n.reported), n.reported_reason);
  std::string_view user = wanted_state_name(n.wanted.state);
  std::string user_reason = n.wanted.reason;
  if (n.retired_in_config && n.wanted.state == WantedState::kUp) {
    user = "retired";
    user_reason = "retired in services.xml";
  }
  state_and_reason(w, "user", user, user_reason);
  w.end_object();
  if (storage) {
    w.key("metrics").begin_object();
    w.key("bucket-count").number(n.buckets);
    w.key("unique-document-count").number(n.total_docs);
    w.key("unique-document-total-size").number(0);
    w.end_object();
  }
  w.key("grove").begin_object();
  w.key("endpoint").string(n.endpoint);
  w.key("active-documents").number(n.active_docs);
  w.key("last-ping-latency-ms").number(n.last_ping_latency_ms);
  w.key("cluster-state-version").number(static_cast<uint64_t>(n.acknowledged_version));
  w.key("reported-since-us").number(n.reported_since_us);
  w.key("wanted-set-at-us").number(n.wanted.set_at_us);
  w.key("last-publish-error").string(n.last_publish_error);
  w.end_object();
  w.end_object();
}

Status bad(std::string message) {
  return Status::InvalidArgument(std::move(message));
}

std::string_view json_type(dom::element e) {
  switch (e.type()) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
    default:
      return "a number";
  }
}

Result<std::string_view> string_at(dom::element e, std::string_view where) {
  std::string_view out;
  if (e.get_string().get(out))
    return bad(fmt::format("'{}' must be a string, got {}", where, json_type(e)));
  return out;
}

Status read_user(dom::element user, NodeStateChange& change) {
  dom::object object;
  if (user.get_object().get(object)) {
    return bad(fmt::format("'state.user' must be an object, got {}", json_type(user)));
  }
  bool has_state = false;
  for (auto [key, value] : object) {
    if (key == "state") {
      GROVE_ASSIGN_OR_RETURN(std::string_view text, string_at(value, "state.user.state"));
      auto state = parse_wanted_state(text);
      if (!state.ok()) return bad(fmt::format("'state.user.state': {}", state.status().message()));
      change.state = *state;
      has_state = true;
    } else if (key == "reason") {
      GROVE_ASSIGN_OR_RETURN(std::string_view text, string_at(value, "state.user.reason"));
      change.reason = std::string(text);
    } else {
      return bad(fmt::format("unknown key 'state.user.{}' (expected state, reason)", key));
    }
  }
  if (!has_state) return bad("'state.user' has no 'state'");
  return Status::Ok();
}

Status read_state(dom::element state, NodeStateChange& change) {
  dom::object object;
  if (state.get_object().get(object))
    return bad(fmt::format("'state' must be an object, got {}", json_type(state)));
  bool has_user = false;
  for (auto [key, value] : object) {
    if (key != "user") {
      return bad(fmt::format("unknown key 'state.{}': only the user state can be set", key));
    }
    GROVE_RETURN_IF_ERROR(read_user(value, change));
    has_user = true;
  }
  if (!has_user) return bad("'state' has no 'user' object");
  return Status::Ok();
}

}  // namespace

std::string render_cluster_list(const std::vector<std::string>& cluster_ids) {
  JsonWriter w;
  w.begin_object().key("cluster").begin_object();
  for (const std::string& id : cluster_ids) {
    w.key(id).begin_object().key("link").string("/cluster/v2/" + id).end_object();
  }
  w.end_object().end_object();
  return std::move(w).take();
}

std::string render_cluster(const ClusterStatus& status) {
  JsonWriter w;
  w.begin_object();
  w.key("state").begin_object();
  const bool up = status.published && status.not_published_reason.empty();
  state_and_reason(w, "generated", status.published ? "up" : "down",
                   !status.published ? "no cluster state published yet"
                   : up              ? ""
                        : "latest state not published: " + status.not_published_reason);
  w.end_object();
  w.key("service").begin_object();
  for (bool storage : {false, true}) {
    w.key(storage ? "storage" : "distributor").begin_object().key("node").begin_object();
    for (const NodeFacts& n : status.nodes) {
      w.key(std::to_string(n.key));
      write_node(w, status, n, storage);
    }
    w.end_object().end_object();
  }
  w.end_object();
  w.key("distribution-states").begin_object().key("published").begin_object();
  w.key("baseline").string(status.published ? status.state.to_string() : "");
  w.key("bucket-spaces").begin_array().end_array();
  w.end_object().end_object();
  w.end_object();
  return std::move(w).take();
}

Result<std::string> render_node(const ClusterStatus& status, std::string_view service,
                                uint16_t key) {
  if (service != "storage" && service != "distributor") {
    return bad(fmt::format("unknown service type '{}' (expected storage or distributor)", service));
  }
  for (const NodeFacts& n : status.nodes) {
    if (n.key != key) continue;
    JsonWriter w;
    write_node(w, status, n, service == "storage");
    return std::move(w).take();
  }
  return Status::NotFound(
      fmt::format("content cluster '{}' has no {} node {}", status.id, service, key));
}

Result<NodeStateChange> parse_set_node_state(std::string_view body) {
  dom::parser parser;
  dom::element root;
  if (auto error = parser.parse(body.data(), body.size()).get(root)) {
    return bad(fmt::format("the body is not valid JSON: {}", simdjson::error_message(error)));
  }
  dom::object object;
  if (root.get_object().get(object))
    return bad(fmt::format("the body must be a JSON object, got {}", json_type(root)));
  NodeStateChange change;
  bool has_state = false;
  for (auto [key, value] : object) {
    if (key == "state") {
      GROVE_RETURN_IF_ERROR(read_state(value, change));
      has_state = true;
    } else if (key == "condition") {
      GROVE_ASSIGN_OR_RETURN(std::string_view text, string_at(value, "condition"));
      if (text == "safe") {
        change.condition = SetCondition::kSafe;
      } else if (text == "unconditionally" || text == "force") {
        change.condition = SetCondition::kUnconditionally;
      } else {
        return bad(fmt::format("unknown condition '{}' (expected unconditionally or safe)", text));
      }
    } else if (key == "response-wait") {
      GROVE_ASSIGN_OR_RETURN(std::string_view text, string_at(value, "response-wait"));
      if (text != "wait-until-cluster-acked" && text != "no-wait") {
        return bad(fmt::format(
            "unknown response-wait '{}' (expected wait-until-cluster-acked or no-wait)", text));
      }
    } else {
      return bad(fmt::format("unknown key '{}' (expected state, condition, response-wait)", key));
    }
  }
  if (!has_state)
    return bad("the body has no 'state': expected {\"state\": {\"user\": {\"state\": ...}}}");
  return change;
}

std::string render_set_result(const SetOutcome& outcome) {
  JsonWriter w;
  w.begin_object()
      .key("wasModified")
      .boolean(outcome.modified)
      .key("reason")
      .string(outcome.reason)
      .end_object();
  return std::move(w).take();
}

std::string render_error(std::string_view message) {
  JsonWriter w;
  w.begin_object().key("message").string(message).end_object();
  return std::move(w).take();
}

}  // namespace grove::controller
