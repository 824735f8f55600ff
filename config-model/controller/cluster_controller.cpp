// ClusterController: lifecycle, deploys, wanted states, views and waiters. The ping and
// publish rounds are in cluster_controller_rounds.cpp.

#include "config-model/controller/cluster_controller.h"

#include <fmt/format.h>

#include <set>

#include "config-model/controller/cluster_runtime.h"
#include "services/base/logging.h"
#include "services/base/thread_name.h"

namespace grove::controller {

namespace {

void run(std::vector<std::function<void()>>& actions) {
  for (auto& action : actions) action();
  actions.clear();
}

Status check_options(const ControllerOptions& o) {
  using std::chrono::milliseconds;
  if (o.ping_interval <= milliseconds::zero())
    return Status::InvalidArgument("ping_interval must be positive");
  if (o.ping_timeout <= milliseconds::zero() || o.ping_timeout > o.ping_interval) {
    return Status::InvalidArgument(
        fmt::format("ping_timeout must be positive and at most ping_interval ({} ms), got {} ms",
                    o.ping_interval.count(), o.ping_timeout.count()));
  }
  if (o.publish_timeout <= milliseconds::zero())
    return Status::InvalidArgument("publish_timeout must be positive");
  if (o.tick_period <= milliseconds::zero())
    return Status::InvalidArgument("tick_period must be positive");
  if (o.startup_grace < milliseconds::zero())
    return Status::InvalidArgument("startup_grace must not be negative");
  if (o.history_size == 0) return Status::InvalidArgument("history_size must be at least 1");
  if (o.max_waiters == 0) return Status::InvalidArgument("max_waiters must be at least 1");
  if (o.clock == nullptr) return Status::InvalidArgument("clock must be set");
  if (o.generator.distribution_bits > 32)
    return Status::InvalidArgument("distribution_bits must be in 0..32");
  return Status::Ok();
}

}  // namespace

ClusterController::ClusterController(Connect connect, ControllerOptions options)
    : connect_(std::move(connect)), options_(std::move(options)), clock_(*options_.clock) {}

Result<std::unique_ptr<ClusterController>> ClusterController::create(
    const config::ApplicationModel& model, Connect connect, ControllerOptions options) {
  GROVE_RETURN_IF_ERROR(check_options(options));
  if (!connect) return Status::InvalidArgument("a connect function is required");
  std::unique_ptr<ClusterController> cc(
      new ClusterController(std::move(connect), std::move(options)));
  std::lock_guard lock(cc->mutex_);
  for (const config::ContentCluster& cluster : model.content_clusters()) {
    GROVE_ASSIGN_OR_RETURN(auto runtime, cc->make_cluster(cluster));
    cc->clusters_.emplace(cluster.id, std::move(runtime));
  }
  return cc;
}

ClusterController::~ClusterController() {
  stop();
}

Result<std::unique_ptr<ClusterController::NodeRuntime>> ClusterController::make_node(
    const config::ContentCluster& config, const config::ContentNode& node) {
  auto service = connect_(config.id, node.distribution_key);
  if (!service.ok()) {
    return Status(service.status().code(),
                  fmt::format("content cluster '{}' node {}: {}", config.id, node.distribution_key,
                              service.status().message()));
  }
  auto n = std::make_unique<NodeRuntime>();
  n->config = node;
  n->service = std::move(*service);
  n->incarnation = next_incarnation_++;
  n->next_ping = clock_.now();
  return n;
}

Result<std::unique_ptr<ClusterController::ClusterRuntime>> ClusterController::make_cluster(
    const config::ContentCluster& config) {
  auto c = std::make_unique<ClusterRuntime>(options_.history_size);
  c->config = config;
  c->heard_deadline = clock_.now() + options_.startup_grace;
  for (const config::ContentNode* node : config.all_nodes()) {
    GROVE_ASSIGN_OR_RETURN(auto n, make_node(config, *node));
    c->nodes.emplace(node->distribution_key, std::move(n));
  }
  if (options_.metrics != nullptr) {
    MetricLabels labels{{"cluster", config.id}};
    c->nodes_up = &options_.metrics->gauge("cluster_controller_nodes_up",
                                           "Nodes reported up or initializing", labels);
    c->nodes_down = &options_.metrics->gauge("cluster_controller_nodes_down",
                                             "Nodes reported down, stopping or unknown", labels);
    c->version_gauge = &options_.metrics->gauge("cluster_controller_state_version",
                                                "Published cluster state version", labels);
    c->publishes = &options_.metrics->counter("cluster_controller_states_published",
                                              "Cluster states published", labels);
  }
  update_metrics(*c);
  return c;
}

void ClusterController::start() {
  std::lock_guard lock(ticker_mutex_);
  if (ticker_.joinable() || ticker_stop_) return;
  ticker_ = std::thread([this] {
    set_thread_name("grove-ccontrol");
    ticker_loop();
  });
}

void ClusterController::ticker_loop() {
  for (;;) {
    {
      std::unique_lock lock(ticker_mutex_);
      if (ticker_wake_.wait_for(lock, options_.tick_period, [this] { return ticker_stop_; }))
        return;
    }
    tick();
  }
}

void ClusterController::stop() {
  Actions actions;
  std::vector<protocol::ContentService*> services;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopping_ = true;
    for (auto& [id, c] : clusters_) {
      fail_waiters(*c, Status::Unavailable("the cluster controller is stopping"), actions);
      for (auto& [key, n] : c->nodes) services.push_back(n->service.get());
    }
  }
  run(actions);
  {
    std::lock_guard lock(ticker_mutex_);
    ticker_stop_ = true;
  }
  ticker_wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  for (protocol::ContentService* s : services) s->shutdown();
  {
    std::unique_lock lock(calls_mutex_);
    while (!calls_done_.wait_for(lock, std::chrono::seconds(5),
                                 [this] { return calls_in_flight_ == 0; })) {
      GROVE_LOG_WARN("cluster controller stopping: {} calls to content nodes still unanswered",
                     calls_in_flight_);
    }
  }
  std::map<std::string, std::unique_ptr<ClusterRuntime>> clusters;
  std::vector<std::unique_ptr<protocol::ContentService>> retired;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    clusters.swap(clusters_);
    retired.swap(retired_services_);
  }
}

void ClusterController::begin_call() {
  std::lock_guard lock(calls_mutex_);
  ++calls_in_flight_;
}

void ClusterController::done_call() {
  std::lock_guard lock(calls_mutex_);
  if (--calls_in_flight_ == 0) calls_done_.notify_all();
}

size_t ClusterController::calls_in_flight() const {
  std::lock_guard lock(calls_mutex_);
  return calls_in_flight_;
}

ClusterController::ClusterRuntime* ClusterController::find(const std::string& cluster) const {
  auto it = clusters_.find(cluster);
  return it == clusters_.end() ? nullptr : it->second.get();
}

Status ClusterController::set_model(const config::ApplicationModel& model) {
  Actions actions;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Status::Unavailable("the cluster controller is stopped");
    // Connect every added node first, so that an error changes nothing.
    std::map<std::string, std::unique_ptr<ClusterRuntime>> added_clusters;
    std::map<std::pair<std::string, uint16_t>, std::unique_ptr<NodeRuntime>> added_nodes;
    for (const config::ContentCluster& cluster : model.content_clusters()) {
      ClusterRuntime* c = find(cluster.id);
      if (c == nullptr) {
        GROVE_ASSIGN_OR_RETURN(auto runtime, make_cluster(cluster));
        added_clusters.emplace(cluster.id, std::move(runtime));
        continue;
      }
      for (const config::ContentNode* node : cluster.all_nodes()) {
        if (c->nodes.contains(node->distribution_key)) continue;
        GROVE_ASSIGN_OR_RETURN(auto n, make_node(cluster, *node));
        added_nodes.emplace(std::make_pair(cluster.id, node->distribution_key), std::move(n));
      }
    }
    std::set<std::string> kept;
    for (const config::ContentCluster& cluster : model.content_clusters()) kept.insert(cluster.id);
    auto retire = [&](std::unique_ptr<protocol::ContentService> service) {
      protocol::ContentService* s = service.get();
      retired_services_.push_back(std::move(service));
      begin_call();
      actions.push_back([this, s] {
        s->shutdown();
        done_call();
      });
    };
    for (auto it = clusters_.begin(); it != clusters_.end();) {
      if (kept.contains(it->first)) {
        ++it;
        continue;
      }
      GROVE_LOG_INFO("cluster controller: content cluster '{}' is no longer deployed", it->first);
      fail_waiters(*it->second,
                   Status::Unavailable(fmt::format("content cluster '{}' was removed", it->first)),
                   actions);
      for (auto& [key, n] : it->second->nodes) retire(std::move(n->service));
      it = clusters_.erase(it);
    }
    const SteadyTime now = clock_.now();
    for (const config::ContentCluster& cluster : model.content_clusters()) {
      ClusterRuntime* c = find(cluster.id);
      if (c == nullptr) continue;  // added below
      std::set<uint16_t> keys;
      for (const config::ContentNode* node : cluster.all_nodes())
        keys.insert(node->distribution_key);
      for (auto it = c->nodes.begin(); it != c->nodes.end();) {
        if (keys.contains(it->first)) {
          ++it;
          continue;
        }
        c->history.add(
            {clock_.wall_us(), HistoryEvent::kNodeDown, it->first, "removed from the application"});
        retire(std::move(it->second->service));
        it = c->nodes.erase(it);
      }
      c->config = cluster;
      c->blocked_content.clear();  // publishable or not depends on the group tree too
      for (const config::ContentNode* node : cluster.all_nodes()) {
        auto added = added_nodes.find(std::make_pair(cluster.id, node->distribution_key));
        if (added != added_nodes.end()) {
          c->history.add({clock_.wall_us(), HistoryEvent::kNodeDown, node->distribution_key,
                          "added to the application"});
          c->nodes.emplace(node->distribution_key, std::move(added->second));
          c->heard_deadline = now + options_.startup_grace;
        } else {
          c->nodes.at(node->distribution_key)->config = *node;
        }
      }
      evaluate(*c, actions);
    }
    for (auto& [id, runtime] : added_clusters) clusters_.emplace(id, std::move(runtime));
  }
  run(actions);
  return Status::Ok();
}

Result<SetOutcome> ClusterController::check_safe(const ClusterRuntime& c, const NodeRuntime& n,
                                                 WantedState state) const {
  if (state != WantedState::kMaintenance && state != WantedState::kDown)
    return SetOutcome{true, "ok"};
  if (!c.published) return SetOutcome{false, "not safe: no cluster state has been published yet"};
  for (const auto& [key, other] : c.nodes) {
    if (key == n.config.distribution_key) continue;
    if (c.config.grouped && other->config.group == n.config.group) continue;
    const bool out = !c.state.node_state(distribution::NodeType::kStorage, key).is_one_of("ur") ||
                     other->wanted.state == WantedState::kMaintenance ||
                     other->wanted.state == WantedState::kDown;
    if (!out) continue;
    const std::string where =
        c.config.grouped ? fmt::format(" of group {}", other->config.group) : "";
    const std::string what =
        other->wanted.state == WantedState::kUp || other->wanted.state == WantedState::kRetired
            ? fmt::format("storage state {}",
                          static_cast<char>(
                              c.state.node_state(distribution::NodeType::kStorage, key).state))
            : fmt::format("wanted {}", wanted_state_name(other->wanted.state));
    return SetOutcome{
        false,
        fmt::format("not safe: node {}{} is out already ({}); setting node {} {} could leave "
                    "documents unreachable",
                    key, where, what, n.config.distribution_key, wanted_state_name(state))};
  }
  return SetOutcome{true, "ok"};
}

Result<SetOutcome> ClusterController::set_wanted_state(const std::string& cluster, uint16_t key,
                                                       WantedState state, std::string reason,
                                                       SetCondition condition) {
  if (reason.size() > options_.max_reason_bytes) {
    return Status::InvalidArgument(fmt::format("the reason is {} bytes; at most {} are allowed",
                                               reason.size(), options_.max_reason_bytes));
  }
  for (char& ch : reason) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  }
  Actions actions;
  SetOutcome outcome{true, "ok"};
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Status::Unavailable("the cluster controller is stopped");
    ClusterRuntime* c = find(cluster);
    if (c == nullptr) return Status::NotFound(fmt::format("no content cluster '{}'", cluster));
    auto it = c->nodes.find(key);
    if (it == c->nodes.end()) {
      std::string keys;
      for (const auto& [k, n] : c->nodes) keys += (keys.empty() ? "" : ", ") + std::to_string(k);
      return Status::NotFound(
          fmt::format("content cluster '{}' has no node with distribution key {} (keys: {})",
                      cluster, key, keys));
    }
    NodeRuntime& n = *it->second;
    if (condition == SetCondition::kSafe) {
      GROVE_ASSIGN_OR_RETURN(outcome, check_safe(*c, n, state));
      if (!outcome.modified) return outcome;
    }
    n.wanted = WantedNodeState{state, reason, clock_.wall_us()};
    c->history.add({clock_.wall_us(), HistoryEvent::kWanted, key,
                    fmt::format("wanted {}{}{}", wanted_state_name(state),
                                reason.empty() ? "" : ": ", reason)});
    GROVE_LOG_INFO("cluster controller: {} node {} wanted {} ({})", cluster, key,
                   wanted_state_name(state), reason);
    evaluate(*c, actions);
  }
  run(actions);
  return outcome;
}

std::vector<std::string> ClusterController::cluster_ids() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (const auto& [id, c] : clusters_) ids.push_back(id);
  return ids;
}

NodeFacts ClusterController::facts(const ClusterRuntime& c, const NodeRuntime& n) const {
  NodeFacts f;
  f.key = n.config.distribution_key;
  f.group = n.config.group;
  f.endpoint = n.service ? n.service->endpoint() : std::string();
  f.reported = n.reported;
  f.reported_reason = n.reported_reason;
  f.reported_since_us = n.reported_since_us;
  f.wanted = n.wanted;
  f.retired_in_config = n.config.retired;
  if (c.published) {
    f.storage = c.state.node_state(distribution::NodeType::kStorage, f.key);
    f.distributor = c.state.node_state(distribution::NodeType::kDistributor, f.key);
  } else {
    f.storage.state = f.distributor.state = distribution::State::kDown;
  }
  auto reason = c.reasons.find(f.key);
  if (reason != c.reasons.end()) f.generated_reason = reason->second;
  f.active_docs = n.last_reply.active_docs;
  f.total_docs = n.last_reply.total_docs;
  f.buckets = n.last_reply.buckets;
  f.maintenance = n.last_reply.maintenance;
  f.last_ping_latency_ms = n.latency_ms;
  f.acknowledged_version = n.acknowledged;
  f.last_publish_error = n.publish_error;
  return f;
}

Result<ClusterStatus> ClusterController::status(const std::string& cluster) const {
  std::lock_guard lock(mutex_);
  ClusterRuntime* c = find(cluster);
  if (c == nullptr) return Status::NotFound(fmt::format("no content cluster '{}'", cluster));
  ClusterStatus s;
  s.id = cluster;
  s.published = c->published;
  s.state = c->state;
  s.not_published_reason = c->blocked_reason;
  for (const auto& [key, n] : c->nodes) s.nodes.push_back(facts(*c, *n));
  s.history = c->history.entries();
  s.maintenance = progress(*c, s.nodes);
  return s;
}

MaintenanceProgress ClusterController::progress(ClusterRuntime& c, const std::vector<NodeFacts>& nodes) const {
  MaintenanceProgress p;
  for (const NodeFacts& n : nodes) {
    if (n.reported != ReportedState::kUp && n.reported != ReportedState::kInitializing) continue;  // nothing current
    p.pending += n.maintenance.pending;
    p.pending_merge += n.maintenance.pending_merge;
    p.too_few_copies += n.maintenance.too_few_copies;
    p.too_many_copies += n.maintenance.too_many_copies;
    p.out_of_sync += n.maintenance.out_of_sync;
    p.without_active += n.maintenance.without_active;
    p.documents_moved += n.maintenance.documents_moved;
    p.bytes_moved += n.maintenance.bytes_moved;
  }
  const SteadyTime now = clock_.now();
  if (c.progress.empty() || now - c.progress.back().at >= std::chrono::seconds(1)) {
    c.progress.push_back({now, p.pending, p.documents_moved, p.bytes_moved});
  }
  while (c.progress.size() > 1 && now - c.progress.front().at > std::chrono::seconds(10)) c.progress.pop_front();
  const auto& first = c.progress.front();
  const double seconds = std::chrono::duration<double>(now - first.at).count();
  if (seconds >= 1) {
    // Counters restart with a node: a fall is not a rate.
    p.documents_per_second = std::max(0.0, static_cast<double>(p.documents_moved - first.documents) / seconds);
    p.bytes_per_second = std::max(0.0, static_cast<double>(p.bytes_moved - first.bytes) / seconds);
    const double falling = static_cast<double>(first.pending - p.pending) / seconds;
    if (p.pending > 0 && falling > 0) p.eta_seconds = static_cast<double>(p.pending) / falling;
  }
  if (p.pending == 0) p.eta_seconds = 0;
  return p;
}

Result<PublishedState> ClusterController::published(const std::string& cluster) const {
  std::lock_guard lock(mutex_);
  ClusterRuntime* c = find(cluster);
  if (c == nullptr) return Status::NotFound(fmt::format("no content cluster '{}'", cluster));
  if (!c->published)
    return Status::Unavailable(fmt::format("no cluster state published for '{}' yet", cluster));
  return PublishedState{c->state.version(), c->state.to_string()};
}

Result<uint64_t> ClusterController::wait_for_version_above(const std::string& cluster,
                                                           uint32_t version, Waiter done) {
  PublishedState now;
  uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Status::Unavailable("the cluster controller is stopped");
    ClusterRuntime* c = find(cluster);
    if (c == nullptr) return Status::NotFound(fmt::format("no content cluster '{}'", cluster));
    id = next_waiter_++;
    if (!c->published || c->state.version() <= version) {
      if (waiter_count_ >= options_.max_waiters) {
        return Status::ResourceExhausted(
            fmt::format("{} long polls are waiting already (max_waiters)", waiter_count_));
      }
      c->waiters.emplace(id, WaiterEntry{version, std::move(done)});
      ++waiter_count_;
      return id;
    }
    now = PublishedState{c->state.version(), c->state.to_string()};
  }
  done(std::move(now));
  return id;
}

bool ClusterController::cancel_wait(uint64_t id) {
  std::lock_guard lock(mutex_);
  for (auto& [cid, c] : clusters_) {
    if (c->waiters.erase(id) > 0) {
      --waiter_count_;
      return true;
    }
  }
  return false;
}

void ClusterController::release_waiters(ClusterRuntime& c, Actions& actions) {
  const PublishedState now{c.state.version(), c.state.to_string()};
  for (auto it = c.waiters.begin(); it != c.waiters.end();) {
    if (it->second.version >= now.version) {
      ++it;
      continue;
    }
    actions.push_back([done = std::move(it->second.done), now] { done(now); });
    it = c.waiters.erase(it);
    --waiter_count_;
  }
}

void ClusterController::fail_waiters(ClusterRuntime& c, const Status& why, Actions& actions) {
  for (auto& [id, w] : c.waiters) {
    actions.push_back([done = std::move(w.done), why] { done(why); });
    --waiter_count_;
  }
  c.waiters.clear();
}

void ClusterController::update_metrics(ClusterRuntime& c) {
  if (c.nodes_up == nullptr) return;
  size_t up = 0;
  for (const auto& [key, n] : c.nodes) {
    if (n->reported == ReportedState::kUp || n->reported == ReportedState::kInitializing) ++up;
  }
  c.nodes_up->set(static_cast<double>(up));
  c.nodes_down->set(static_cast<double>(c.nodes.size() - up));
  c.version_gauge->set(static_cast<double>(c.published ? c.state.version() : 0));
}

}  // namespace grove::controller
