#pragma once

// ClusterController: the cluster controller of grove-configserver (DESIGN §2). For every content
// cluster of an ApplicationModel it pings each node, keeps each node's reported and wanted
// state, generates the cluster state from them (state_generator.h, docs/cluster-state.md) and
// publishes it, versioned, to every node with set_cluster_state.
//
// Nodes are reached only through protocol::ContentService, made by the caller's `connect` (the
// Thrift client in production, in-process nodes in tests). What it does (docs/controller.md):
//   - every node is pinged each `ping_interval`; a ping that fails, or has no answer by
//     `ping_timeout` on the controller's clock, makes the node reported down;
//   - as soon as the generated state's content changes it is published with the next version;
//     a node whose ping shows an older version (it restarted) gets the current state again;
//   - nothing is published before every node has answered a ping (or failed one) or
//     `startup_grace` has passed, and the first version is above the highest any node reports,
//     so a restarted controller never goes backwards nor publishes "all down" unheard;
//   - a state that would leave buckets without a distributor or a storage node is not
//     published: the last published state stays (check_publishable);
//   - set_model() takes a new deploy: nodes added are connected, nodes removed are dropped,
//     nodes that stay keep their wanted state and history.
//
// Time: the controller schedules by `options.clock` (a ManualClock in tests: call tick() after
// moving it). Call deadlines given to ContentService are in the process's steady time
// (SystemClock), as the protocol requires.
//
// Threading: one mutex guards all state. Service callbacks may come on any thread; they take
// the mutex, update, and hand the calls and waiter callbacks they cause to be run after it is
// released, so no call and no user callback runs under the lock. start() runs tick() every
// `tick_period` on a thread of its own ("grove-ccontrol"); without start(), the owner calls
// tick(). stop() (also run by the destructor) ends the ticker, fails every waiter with
// Unavailable, shuts the services down and waits for their outstanding callbacks, so it must
// not be called from a waiter's callback. check_publishable runs under the lock, only for a
// state whose content changed.
//
// Usage:
//   ControllerOptions options;
//   auto cc = ClusterController::create(model, connect, options);
//   (*cc)->start();
//   (*cc)->set_wanted_state("music", 2, WantedState::kMaintenance, "disk swap");
//   (*cc)->wait_for_version_above("music", 7, [](Result<PublishedState> s) { ... });
//   (*cc)->stop();
//
// Thread-safe.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config-model/controller/controller_history.h"
#include "config-model/controller/node_states.h"
#include "config-model/controller/state_generator.h"
#include "config-model/model/application_model.h"
#include "services/base/clock.h"
#include "services/base/result.h"
#include "services/distribution/cluster_state.h"
#include "services/metrics/metrics.h"
#include "services/protocol/content_service.h"

namespace grove::controller {

struct ControllerOptions {
  std::chrono::milliseconds ping_interval{1000};
  std::chrono::milliseconds ping_timeout{800};      // a ping's deadline; at most ping_interval
  std::chrono::milliseconds publish_timeout{5000};  // a set_cluster_state call's deadline
  std::chrono::milliseconds startup_grace{10000};   // publish unheard-from nodes as down after this
  std::chrono::milliseconds tick_period{100};       // how often start()'s thread runs tick()
  size_t history_size = 200;                        // entries kept per cluster
  size_t max_waiters = 1024;                        // wait_for_version_above callbacks, in all
  size_t max_reason_bytes = 256;                    // a wanted state's reason
  GeneratorOptions generator;
  const Clock* clock = &SystemClock::instance();  // borrowed; outlives the controller
  MetricRegistry* metrics = nullptr;              // borrowed; optional
};

// Makes the ContentService of node `key` of content cluster `cluster`.
using Connect = std::function<Result<std::unique_ptr<protocol::ContentService>>(
    const std::string& cluster, uint16_t key)>;

// The condition of a wanted-state change (/cluster/v2 PUT "condition").
enum class SetCondition : uint8_t {
  kUnconditionally,
  // Maintenance or down only while no node of another leaf group is out (storage not u/r in
  // the published state), so a whole copy of the data stays reachable. Up and retired always.
  kSafe,
};

struct SetOutcome {
  bool modified = false;  // false: the safe condition refused it (reason says why)
  std::string reason;
};

struct PublishedState {
  uint32_t version = 0;
  std::string state;  // the cluster state's string form
};

// What the controller knows of one node, for status pages and /cluster/v2.
struct NodeFacts {
  uint16_t key = 0;
  std::string group;  // leaf group name; "" in a flat cluster
  std::string endpoint;
  ReportedState reported = ReportedState::kUnknown;
  std::string reported_reason;  // the last ping error, when down
  int64_t reported_since_us = 0;
  WantedNodeState wanted;
  bool retired_in_config = false;
  distribution::NodeState storage;      // in the published state
  distribution::NodeState distributor;  // in the published state
  std::string generated_reason;         // why it is not up in the generated state
  int64_t active_docs = 0;
  int64_t total_docs = 0;
  int64_t buckets = 0;
  // The node's distributor's bucket maintenance, from its last ping (all zero before one).
  protocol::MaintenanceReport maintenance;
  double last_ping_latency_ms = -1;   // -1: no answer yet
  uint32_t acknowledged_version = 0;  // the cluster state version the node last said it has
  std::string last_publish_error;
};

// Bucket maintenance of a whole cluster: the nodes' reports summed, with the rates over the last
// ten seconds and an estimate of the time left (DESIGN §6: progress is public).
struct MaintenanceProgress {
  int64_t pending = 0;          // buckets with work left, over every distributor
  int64_t pending_merge = 0;
  int64_t too_few_copies = 0;
  int64_t too_many_copies = 0;
  int64_t out_of_sync = 0;
  int64_t without_active = 0;
  int64_t documents_moved = 0;  // since each node started
  int64_t bytes_moved = 0;
  double documents_per_second = 0;
  double bytes_per_second = 0;
  double eta_seconds = -1;  // from the rate pending falls at; -1: unknown (or nothing pending)
};

struct ClusterStatus {
  std::string id;
  bool published = false;
  distribution::ClusterState state;   // the published state (version 0 before the first)
  std::string not_published_reason;   // why the latest generated state is held back; "" if not
  std::vector<NodeFacts> nodes;       // by distribution key
  MaintenanceProgress maintenance;
  std::vector<HistoryEntry> history;  // oldest first
};

class ClusterController {
 public:
  // One service per node of every content cluster of `model`, from `connect`; its first error
  // fails create(). InvalidArgument for options out of range (a zero interval, a ping timeout
  // longer than the interval, zero sizes).
  static Result<std::unique_ptr<ClusterController>> create(const config::ApplicationModel& model,
                                                           Connect connect,
                                                           ControllerOptions options);
  ~ClusterController();
  ClusterController(const ClusterController&) = delete;
  ClusterController& operator=(const ClusterController&) = delete;

  // Starts the ticker thread; once.
  void start();
  // One round: expires pings past their deadline, sends the pings that are due, and publishes
  // when the state changed or the start-up grace has just passed. Cheap when nothing is due.
  void tick();
  // Idempotent; see the top of the file.
  void stop();

  // A new deploy. Clusters and nodes are matched by id and distribution key; `connect` errors
  // for added nodes fail it and change nothing.
  Status set_model(const config::ApplicationModel& model);

  // The operator's wanted state of node `key` of `cluster`. NotFound for an unknown cluster or
  // key; InvalidArgument for a reason longer than max_reason_bytes; Unavailable after stop().
  // Control characters in the reason become spaces. Takes effect at once (a new state is
  // published if it changes).
  Result<SetOutcome> set_wanted_state(const std::string& cluster, uint16_t key, WantedState state,
                                      std::string reason,
                                      SetCondition condition = SetCondition::kUnconditionally);

  std::vector<std::string> cluster_ids() const;
  // NotFound for an unknown cluster.
  Result<ClusterStatus> status(const std::string& cluster) const;
  // The published state; NotFound for an unknown cluster, Unavailable before the first publish.
  Result<PublishedState> published(const std::string& cluster) const;

  // Long polls: `done` runs once, when the published version of `cluster` is greater than
  // `version` (at once, inside this call, when it already is), or with Unavailable at stop()
  // or when the cluster is removed by set_model(). It runs on a service callback thread or the
  // ticker, never under the controller's lock, and must not block. Returns the waiter's id for
  // cancel_wait(); NotFound for an unknown cluster; ResourceExhausted when max_waiters are
  // waiting. Expiry is the caller's: it cancels at its own deadline.
  using Waiter = std::function<void(Result<PublishedState>)>;
  Result<uint64_t> wait_for_version_above(const std::string& cluster, uint32_t version,
                                          Waiter done);
  // True when the waiter was still waiting: it is removed and `done` will not run. False when
  // it has run (or is running) or the id is unknown.
  bool cancel_wait(uint64_t id);

  // Calls to nodes whose callbacks have not finished yet (tests wait for 0 after a tick()).
  size_t calls_in_flight() const;

 private:
  struct NodeRuntime;
  struct ClusterRuntime;
  struct WaiterEntry;
  using Actions = std::vector<std::function<void()>>;

  ClusterController(Connect connect, ControllerOptions options);
  Result<std::unique_ptr<ClusterRuntime>> make_cluster(const config::ContentCluster& config);
  Result<std::unique_ptr<NodeRuntime>> make_node(const config::ContentCluster& config,
                                                 const config::ContentNode& node);
  ClusterRuntime* find(const std::string& cluster) const;

  // Under mutex_; each appends the calls and callbacks to run after unlocking to `actions`.
  void expire_and_ping(ClusterRuntime& c, SteadyTime now, Actions& actions);
  void send_ping(ClusterRuntime& c, NodeRuntime& n, SteadyTime now, Actions& actions);
  void send_state(ClusterRuntime& c, NodeRuntime& n, Actions& actions);
  void on_ping(const std::string& cluster, uint64_t incarnation, uint64_t seq,
               Result<protocol::PingReply> reply, Actions& actions);
  void on_state_reply(const std::string& cluster, uint64_t incarnation, uint32_t sent,
                      Result<protocol::SetClusterStateReply> reply, Actions& actions);
  // Wraps a service callback: takes the lock for `handle`, runs the actions, ends the call.
  template <typename Reply, typename Handle>
  protocol::Callback<Reply> callback(Handle handle);
  void set_reported(ClusterRuntime& c, NodeRuntime& n, ReportedState state, std::string reason);
  void evaluate(ClusterRuntime& c, Actions& actions);
  void publish(ClusterRuntime& c, distribution::ClusterState state, Actions& actions);
  void release_waiters(ClusterRuntime& c, Actions& actions);
  void fail_waiters(ClusterRuntime& c, const Status& why, Actions& actions);
  void update_metrics(ClusterRuntime& c);
  NodeFacts facts(const ClusterRuntime& c, const NodeRuntime& n) const;
  // The cluster's maintenance summed from `nodes`, with rates (records a sample in `c`).
  MaintenanceProgress progress(ClusterRuntime& c, const std::vector<NodeFacts>& nodes) const;
  Result<SetOutcome> check_safe(const ClusterRuntime& c, const NodeRuntime& n,
                                WantedState state) const;

  // Counts a call in flight; done_call() at the end of its callback.
  void begin_call();
  void done_call();
  void ticker_loop();

  const Connect connect_;
  const ControllerOptions options_;
  const Clock& clock_;

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<ClusterRuntime>> clusters_;  // guarded by mutex_
  // Services of nodes removed by set_model(): shut down, kept until stop() so that their
  // outstanding callbacks never outlive them.
  std::vector<std::unique_ptr<protocol::ContentService>> retired_services_;  // guarded by mutex_
  uint64_t next_incarnation_ = 1;                                            // guarded by mutex_
  uint64_t next_waiter_ = 1;                                                 // guarded by mutex_
  size_t waiter_count_ = 0;  // guarded by mutex_; Invariant: <= options_.max_waiters
  bool stopping_ = false;    // guarded by mutex_
  bool stopped_ = false;     // guarded by mutex_

  mutable std::mutex calls_mutex_;
  std::condition_variable calls_done_;
  size_t calls_in_flight_ = 0;  // guarded by calls_mutex_

  std::mutex ticker_mutex_;
  std::condition_variable ticker_wake_;
  bool ticker_stop_ = false;  // guarded by ticker_mutex_
  std::thread ticker_;
};

}  // namespace grove::controller
