#pragma once

// Supervisor: the heart of grove-node (Vespa's config sentinel). It runs the processes of the
// active generation's plan on this host: starts them, starts a dead one again with back-off,
// follows new generations (keep, restart, start, stop or retain, see plan_diff.h), records their
// pids in DIR/processes.json, and stops them all at the end. Behaviour and files are described in
// docs/supervisor.md.
//
// Every process of the plan runs here (for now every host alias is this host). A process is
// started as `BIN_DIR/<binary> <plan.arguments(p, app_dir, DIR/data)> [--configserver HOST:PORT]`
// with its output appended to DIR/logs/<kind>-<cluster>-<key>.log, in a session of its own (so a
// terminal's Ctrl-C reaches only the supervisor, which then stops the children in order).
//
// Usage:
//   Supervisor supervisor(options, metrics);
//   GROVE_RETURN_IF_ERROR(supervisor.start());    // stops leftovers of an earlier run first
//   subscriber callback: supervisor.apply(snapshot);
//   ...
//   supervisor.stop();                             // SIGTERM to all, SIGKILL after the grace
//
// Threads: the children are owned by one thread (`grove-supervise`), which wakes every `tick`
// to reap, restart and apply the newest snapshot handed over by apply(); apply() only queues
// (the newest wins) and returns at once. children(), generation(), processes_json() and
// health() read a copy published after every round and are thread-safe. Stopping a process
// (for a restart or a removed container) blocks that thread for up to `stop_grace`.
// Call order: start() once, then apply() any number of times, then stop() (also from the
// destructor).

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config-model/deploy/process_plan.h"
#include "config-model/subscription/config_subscriber.h"
#include "config-model/supervisor/restart_backoff.h"
#include "services/base/status.h"
#include "services/metrics/metrics.h"

namespace grove::supervisor {

struct SupervisorOptions {
  std::string data_dir;           // DIR: logs/, data/ (the processes' data root), processes.json
  std::string bin_dir;            // where grove-content and grove-container are
  std::string configserver;       // "HOST:PORT", appended as --configserver to every process
  bool append_configserver = true;  // false: the processes are started without it
  std::chrono::milliseconds stop_grace{10'000};  // SIGTERM, then SIGKILL after this long
  RestartOptions restart = {};
  std::chrono::milliseconds tick{100};  // how often children are checked
  // How often a content node a generation removed is asked whether it still holds documents.
  std::chrono::milliseconds drain_poll{2000};
};

enum class ChildState { kRunning, kBackoff, kStopped };

// "running", "backoff", "stopped".
std::string_view child_state_name(ChildState state);

// What the processes API shows of one child.
struct ChildInfo {
  std::string name;  // process_name(): "content-music-0"
  deploy::PlannedProcess process;
  pid_t pid = -1;  // -1 unless running
  ChildState state = ChildState::kStopped;
  uint32_t restarts = 0;           // starts after the first
  std::optional<int> last_exit;    // 128 + signal when a signal ended it
  std::chrono::system_clock::time_point since;  // when it entered `state`
  bool retained = false;  // removed by the plan: a content node runs until it is drained
  std::string log_path;
};

class Supervisor {
 public:
  Supervisor(SupervisorOptions options, MetricRegistry& metrics);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Creates DIR/logs and DIR/data, stops the processes an earlier run recorded in
  // DIR/processes.json that still run, and starts the supervising thread. InvalidArgument for
  // missing options, IoError when a directory cannot be created.
  Status start();
  // Hands the generation to the supervising thread (the newest wins if several are queued).
  void apply(subscription::ConfigSnapshot snapshot);
  // Stops every child (SIGTERM to all together, SIGKILL to those still running after
  // stop_grace), records that none is left, joins the thread. Idempotent.
  void stop();

  std::vector<ChildInfo> children() const;
  // The generation whose plan is applied; 0 before the first.
  uint64_t generation() const;
  // {"generation": N, "processes": [{"name", "kind", "cluster", "key", "pid", "ports", "state",
  //  "restarts", "last-exit-status", "since", "retained", "log"}]} (docs/supervisor.md).
  std::string processes_json() const;

  std::string records_path() const { return options_.data_dir + "/processes.json"; }

 private:
  struct Child;

  void run();
  void apply_plan(const subscription::ConfigSnapshot& snapshot);
  void check_children();
  // Polls a retained content node (at most every drain_poll): whether it held no documents at two
  // polls in a row.
  bool is_drained(Child& child);
  void start_child(Child& child);
  void on_exit(Child& child);
  void stop_children(const std::vector<Child*>& children);
  std::vector<std::string> argv_of(const deploy::PlannedProcess& p) const;
  void write_records();
  void publish();

  const SupervisorOptions options_;
  Gauge& running_gauge_;
  Counter& restarts_counter_;
  Gauge& generation_gauge_;

  // The supervising thread's own state.
  std::map<std::string, std::unique_ptr<Child>> children_;  // by process_name()
  std::optional<deploy::ProcessPlan> plan_;  // the applied generation's
  std::string app_dir_;
  bool records_dirty_ = false;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;                                   // guarded by mutex_
  std::optional<subscription::ConfigSnapshot> pending_;     // guarded by mutex_
  std::vector<ChildInfo> published_;                        // guarded by mutex_
  uint64_t published_generation_ = 0;                       // guarded by mutex_
  std::thread thread_;
};

}  // namespace grove::supervisor
