// ClusterController: pings, reported states, state generation and publishing.

#include <fmt/format.h>

#include <algorithm>

#include "config-model/controller/cluster_controller.h"
#include "config-model/controller/cluster_runtime.h"
#include "services/base/logging.h"

namespace grove::controller {

namespace {

void run(std::vector<std::function<void()>>& actions) {
  for (auto& action : actions) action();
  actions.clear();
}

ReportedState from_ping(protocol::NodeServiceState s) {
  switch (s) {
    case protocol::NodeServiceState::kInitializing:
      return ReportedState::kInitializing;
    case protocol::NodeServiceState::kUp:
      return ReportedState::kUp;
    case protocol::NodeServiceState::kStopping:
      return ReportedState::kStopping;
  }
  return ReportedState::kDown;
}

bool is_up(ReportedState s) {
  return s == ReportedState::kUp || s == ReportedState::kInitializing;
}

}  // namespace

template <typename Reply, typename Handle>
protocol::Callback<Reply> ClusterController::callback(Handle handle) {
  return [this, handle = std::move(handle)](Result<Reply> reply) mutable {
    Actions actions;
    {
      std::lock_guard lock(mutex_);
      handle(std::move(reply), actions);
    }
    run(actions);
    done_call();
  };
}

void ClusterController::tick() {
  Actions actions;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    const SteadyTime now = clock_.now();
    for (auto& [id, c] : clusters_) expire_and_ping(*c, now, actions);
  }
  run(actions);
}

void ClusterController::expire_and_ping(ClusterRuntime& c, SteadyTime now, Actions& actions) {
  for (auto& [key, n] : c.nodes) {
    if (n->ping_in_flight && now >= n->ping_expires) {
      n->ping_in_flight = false;
      ++n->ping_seq;  // its reply, should it come, is dropped
      set_reported(c, *n, ReportedState::kDown,
                   fmt::format("no answer to a ping within {} ms", options_.ping_timeout.count()));
    }
    if (!n->ping_in_flight && now >= n->next_ping) send_ping(c, *n, now, actions);
  }
  evaluate(c, actions);
}

void ClusterController::send_ping(ClusterRuntime& c, NodeRuntime& n, SteadyTime now,
                                  Actions& actions) {
  if (stopping_) return;
  n.ping_in_flight = true;
  ++n.ping_seq;
  n.ping_expires = now + options_.ping_timeout;
  n.next_ping = now + options_.ping_interval;
  n.ping_sent = std::chrono::steady_clock::now();
  begin_call();
  protocol::ContentService* service = n.service.get();
  auto done = callback<protocol::PingReply>(
      [this, id = c.config.id, inc = n.incarnation, seq = n.ping_seq](
          Result<protocol::PingReply> r, Actions& a) { on_ping(id, inc, seq, std::move(r), a); });
  actions.push_back([this, service, done = std::move(done)]() mutable {
    service->ping({}, Deadline::after(SystemClock::instance(), options_.ping_timeout),
                  std::move(done));
  });
}

void ClusterController::send_state(ClusterRuntime& c, NodeRuntime& n, Actions& actions) {
  if (stopping_ || !c.published || n.state_in_flight) return;
  n.state_in_flight = true;
  begin_call();
  protocol::ContentService* service = n.service.get();
  const uint32_t version = c.state.version();
  auto done = callback<protocol::SetClusterStateReply>(
      [this, id = c.config.id, inc = n.incarnation, version](
          Result<protocol::SetClusterStateReply> r, Actions& a) {
        on_state_reply(id, inc, version, std::move(r), a);
      });
  actions.push_back([this, service, text = c.state.to_string(), done = std::move(done)]() mutable {
    service->set_cluster_state({text},
                               Deadline::after(SystemClock::instance(), options_.publish_timeout),
                               std::move(done));
  });
}

namespace {

template <typename Nodes>
typename Nodes::mapped_type::pointer node_of(Nodes& nodes, uint64_t incarnation) {
  for (auto& [key, n] : nodes) {
    if (n->incarnation == incarnation) return n.get();
  }
  return nullptr;
}

}  // namespace

void ClusterController::on_ping(const std::string& cluster, uint64_t incarnation, uint64_t seq,
                                Result<protocol::PingReply> reply, Actions& actions) {
  ClusterRuntime* c = find(cluster);
  NodeRuntime* n = c == nullptr ? nullptr : node_of(c->nodes, incarnation);
  if (n == nullptr || !n->ping_in_flight || n->ping_seq != seq) return;  // removed, or expired
  n->ping_in_flight = false;
  n->latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - n->ping_sent)
          .count();
  if (!reply.ok()) {
    set_reported(*c, *n, ReportedState::kDown,
                 fmt::format("ping failed: {}", reply.status().to_string()));
  } else if (reply->distribution_key != n->config.distribution_key ||
             (!reply->cluster.empty() && reply->cluster != cluster)) {
    set_reported(
        *c, *n, ReportedState::kDown,
        fmt::format("answers as node {} of cluster '{}'", reply->distribution_key, reply->cluster));
  } else {
    n->last_reply = *reply;
    n->acknowledged = reply->cluster_state_version;
    c->version_floor = std::max(c->version_floor, reply->cluster_state_version);
    set_reported(*c, *n, from_ping(reply->state), "");
    // A node behind the published state (it restarted, or missed it) gets it again.
    if (c->published && reply->cluster_state_version < c->state.version() && is_up(n->reported)) {
      send_state(*c, *n, actions);
    }
  }
  evaluate(*c, actions);
}

void ClusterController::on_state_reply(const std::string& cluster, uint64_t incarnation,
                                       uint32_t sent, Result<protocol::SetClusterStateReply> reply,
                                       Actions& actions) {
  ClusterRuntime* c = find(cluster);
  NodeRuntime* n = c == nullptr ? nullptr : node_of(c->nodes, incarnation);
  if (n == nullptr) return;
  n->state_in_flight = false;
  if (!reply.ok()) {
    // Logged when the error changes, not at every retry (one per ping while the node refuses).
    const std::string error = reply.status().to_string();
    if (n->publish_error.find(error) == std::string::npos) {
      GROVE_LOG_WARN("cluster controller: {} node {} refused cluster state version {}: {}", cluster,
                     n->config.distribution_key, sent, error);
    }
    n->publish_error = fmt::format("cluster state version {}: {}", sent, error);
    return;  // the next ping shows the node behind and sends again
  }
  n->publish_error.clear();
  n->acknowledged = reply->version;
  c->version_floor = std::max(c->version_floor, reply->version);
  if (sent < c->state.version()) send_state(*c, *n, actions);  // a newer one came meanwhile
  evaluate(*c, actions);
}

void ClusterController::set_reported(ClusterRuntime& c, NodeRuntime& n, ReportedState state,
                                     std::string reason) {
  if (state == n.reported) {
    n.reported_reason = std::move(reason);
    return;
  }
  const ReportedState old = n.reported;
  n.reported = state;
  n.reported_since = clock_.now();
  n.reported_since_us = clock_.wall_us();
  n.reported_reason = std::move(reason);
  const std::string text =
      fmt::format("{} -> {}{}{}", reported_state_name(old), reported_state_name(state),
                  n.reported_reason.empty() ? "" : ": ", n.reported_reason);
  c.history.add({n.reported_since_us,
                 is_up(state) ? HistoryEvent::kNodeUp : HistoryEvent::kNodeDown,
                 n.config.distribution_key, text});
  if (old != ReportedState::kUnknown || !is_up(state)) {
    GROVE_LOG_INFO("cluster controller: {} node {}: {}", c.config.id, n.config.distribution_key,
                   text);
  }
  update_metrics(c);
}

void ClusterController::evaluate(ClusterRuntime& c, Actions& actions) {
  if (stopping_) return;
  const SteadyTime now = clock_.now();
  const bool all_heard = std::all_of(c.nodes.begin(), c.nodes.end(), [](const auto& kv) {
    return kv.second->reported != ReportedState::kUnknown;
  });
  if (!all_heard && now < c.heard_deadline) return;
  std::map<uint16_t, NodeInput> inputs;
  for (const auto& [key, n] : c.nodes)
    inputs[key] = NodeInput{n->reported, n->reported_since, n->wanted};
  GeneratedState generated = generate_cluster_state(c.config, inputs, options_.generator, now);
  c.reasons = std::move(generated.reasons);
  const std::string content = generated.state.to_string();
  if (c.published && content == c.published_content && c.version_floor <= c.state.version()) {
    c.blocked_content.clear();
    c.blocked_reason.clear();
    return;
  }
  if (content == c.blocked_content) return;
  Status publishable = check_publishable(c.config, generated.state);
  if (!publishable.ok()) {
    c.blocked_content = content;
    c.blocked_reason = publishable.message();
    c.history.add({clock_.wall_us(), HistoryEvent::kNotPublished, -1,
                   fmt::format("{} (kept version {})", c.blocked_reason,
                               c.published ? c.state.version() : 0)});
    GROVE_LOG_WARN("cluster controller: not publishing '{}': {}", content, c.blocked_reason);
    return;
  }
  c.blocked_content.clear();
  c.blocked_reason.clear();
  c.published_content = content;
  publish(c, std::move(generated.state), actions);
}

void ClusterController::publish(ClusterRuntime& c, distribution::ClusterState state,
                                Actions& actions) {
  const uint32_t version = std::max(c.published ? c.state.version() : 0u, c.version_floor) + 1;
  state.set_version(version);
  c.state = std::move(state);
  c.published = true;
  const std::string text = c.state.to_string();
  c.history.add({clock_.wall_us(), HistoryEvent::kPublished, -1, text});
  GROVE_LOG_INFO("cluster controller: {} publishes {}", c.config.id, text);
  if (c.publishes != nullptr) c.publishes->add();
  update_metrics(c);
  for (auto& [key, n] : c.nodes) {
    if (is_up(n->reported) || n->reported == ReportedState::kStopping) send_state(c, *n, actions);
  }
  release_waiters(c, actions);
}

}  // namespace grove::controller
