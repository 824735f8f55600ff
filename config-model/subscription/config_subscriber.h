#pragma once

// ConfigSubscriber: how a Grove process follows the config server's generations. A background
// thread (`grove-config-sub`) holds the long-poll `GET /config/v1/watch` against HOST:PORT; on
// each new generation it downloads the package, unpacks it into `<work_dir>/gen-<N>/` (keeping
// the newest few), and calls the callback with the generation, the unpacked application's root,
// its process plan and the cluster states. With `watch_cluster_states` it also asks the poll to
// wake on a cluster-state change (`states=`) and calls the callback for one (kClusterStates).
// The protocol, the directories and every limit are in docs/subscription.md.
//
// The config server may be down at any time: the subscriber retries with back-off (jittered,
// doubling up to a maximum) and the process keeps what it has. One warning is logged when an
// outage starts and one line when the server answers again, not one per attempt. A package that
// cannot be unpacked, or a plan that cannot be read, is logged as an error; the previous
// generation stays current, and the subscriber waits for the next generation (it does not
// fetch the bad one again). A failed download is an outage and is retried.
//
// Usage:
//   ConfigSubscriber subscriber(options, [](const ConfigSnapshot& s, ConfigChange change) {
//     if (change == ConfigChange::kGeneration) apply(s.plan, s.app_dir); else adopt(s.cluster_states);
//   });
//   subscriber.start();
//   Result<ConfigSnapshot> first = subscriber.fetch_first(Deadline::after(clock, 30s));
//   ...
//   subscriber.stop();
//
// Threads: the callback runs on the subscriber thread, never two at once, and never after
// request_stop() or stop() has returned; it must not call stop(). The callback is called for
// every generation, the first included (also when fetch_first() returned it). All other methods
// are thread-safe. stop() returns within poll_timeout + request_margin, or download_timeout
// while a package downloads (the HTTP client cannot be interrupted, so the poll is kept short
// rather than cancelled); request_stop() returns at
// once, for a caller that has other shutdown work to overlap with it. The destructor stops.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "config-model/deploy/package_archive.h"
#include "config-model/deploy/process_plan.h"
#include "config-model/subscription/retry_backoff.h"
#include "config-model/subscription/watch_reply.h"
#include "services/base/deadline.h"
#include "services/base/result.h"

namespace grove::subscription {

struct SubscriberOptions {
  // The options for the config server at `host_port` ("HOST:PORT", as --configserver takes it),
  // unpacking under `work_dir`; InvalidArgument naming --configserver for a malformed one.
  static Result<SubscriberOptions> for_configserver(std::string_view host_port, std::string work_dir);

  std::string host = "127.0.0.1";
  uint16_t port = 19071;
  std::string work_dir;  // required: where gen-<N>/ directories are unpacked
  // The watch's `timeout=` (1..60 s): how long the server holds one poll; also what bounds
  // stop().
  std::chrono::seconds poll_timeout{5};
  // Added to poll_timeout for the client's deadline on one poll (the server answers at
  // poll_timeout; this covers the network and a busy server).
  std::chrono::milliseconds request_margin{2'000};
  std::chrono::milliseconds download_timeout{30'000};  // one package download
  BackoffOptions backoff = {};                         // between failed attempts
  size_t keep_generations = 3;                         // unpacked directories kept (>= 1)
  deploy::PackageLimits package_limits = {};
  // Add states= to the poll: the states seen, and version 0 for every content cluster of the plan
  // not seen yet (so its first published state wakes the poll).
  bool watch_cluster_states = false;
};

struct ConfigSnapshot {
  uint64_t generation = 0;  // 0: nothing deployed yet (app_dir and plan empty)
  std::string app_dir;      // the unpacked application's root (holds services.xml)
  deploy::ProcessPlan plan;
  ClusterStates cluster_states;
};

enum class ConfigChange { kGeneration, kClusterStates };

// Counters for metrics and tests; a consistent copy.
struct SubscriberStats {
  uint64_t polls = 0;             // answered polls
  uint64_t failed_attempts = 0;   // polls or downloads that failed (each retry counts)
  uint64_t outages = 0;           // runs of failures
  uint64_t bad_generations = 0;   // generations refused (package or plan unreadable)
  uint64_t generations_applied = 0;
  bool connected = false;         // the last attempt succeeded
  std::string last_error;         // of the last failure or refused generation
};

class ConfigSubscriber {
 public:
  using Callback = std::function<void(const ConfigSnapshot&, ConfigChange)>;

  ConfigSubscriber(SubscriberOptions options, Callback callback);
  ~ConfigSubscriber();
  ConfigSubscriber(const ConfigSubscriber&) = delete;
  ConfigSubscriber& operator=(const ConfigSubscriber&) = delete;

  // Starts the thread. InvalidArgument for options out of range (naming the option); an error
  // when called twice.
  Status start();
  // Waits until a first generation has been applied: its snapshot. DeadlineExceeded (with the
  // last error seen, if any) when none came by `deadline`; Unavailable when the subscriber was
  // stopped or never started.
  Result<ConfigSnapshot> fetch_first(Deadline deadline);
  // The current snapshot (generation 0 before the first).
  ConfigSnapshot current() const;
  SubscriberStats stats() const;

  // No more callbacks after this returns; the thread ends on its own within poll_timeout +
  // request_margin.
  void request_stop();
  // request_stop(), then joins the thread.
  void stop();

 private:
  void run();
  // One poll and what follows from it; false when it failed (back off).
  bool poll_once();
  Status apply_generation(const WatchReply& reply);
  void note_failure(const Status& status);
  void note_success();
  bool stopping() const;
  void notify(const ConfigSnapshot& snapshot, ConfigChange change);

  const SubscriberOptions options_;
  const Callback callback_;
  RetryBackoff backoff_;  // subscriber thread only

  mutable std::mutex mutex_;
  std::condition_variable changed_;  // a generation applied, or stopping
  bool stopping_ = false;            // guarded by mutex_
  ConfigSnapshot current_;           // guarded by mutex_
  SubscriberStats stats_;            // guarded by mutex_
  // The newest generation refused as unreadable; polls ask for newer ones. Subscriber thread only.
  uint64_t refused_generation_ = 0;
  bool in_outage_ = false;  // subscriber thread only
  std::chrono::steady_clock::time_point outage_start_;
  std::mutex callback_mutex_;  // held while the callback runs, so request_stop() can wait it out
  std::thread thread_;
};

}  // namespace grove::subscription
