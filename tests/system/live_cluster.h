#pragma once

// A live cluster for system tests, as an operator runs it: `grove up` of a copy of a sample
// package (a config server and a host supervisor starting every process on 127.0.0.1), and
// `grove down` (by pid) when the object goes. With the calls the tests make: the published
// cluster state, the supervisor's processes, puts and queries through the container, the
// content nodes' metrics, and a steady write load on a thread of its own. Every wait is bounded.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/system/system_test_support.h"

namespace grove::testing {

using LiveClock = std::chrono::steady_clock;

std::string url_encode(std::string_view text);
int64_t ms_since(LiveClock::time_point t);
// A cluster state with every node up (no ".s:" override).
bool all_up(const std::string& state);

struct LiveCluster {
  // `doc_type` is the package's document type (and namespace) for puts and queries.
  LiveCluster(const std::string& package, int content_nodes, std::string doc_type = "music");
  ~LiveCluster();
  LiveCluster(const LiveCluster&) = delete;
  LiveCluster& operator=(const LiveCluster&) = delete;

  // The published cluster state of `cluster` ("" before the first), from the config server.
  std::string state(const std::string& cluster = "music") const;
  template <typename Pred>
  std::string wait_state(Pred pred, std::chrono::milliseconds limit) const {
    auto until = LiveClock::now() + limit;
    std::string s = state();
    while (!pred(s) && LiveClock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      s = state();
    }
    return s;
  }
  // The supervisor's view: "content/music/1" -> {pid, restarts}.
  std::map<std::string, std::pair<int64_t, int64_t>> processes() const;
  // The state API (HTTP) port of each running content node, by distribution key.
  std::map<uint16_t, uint16_t> content_http_ports() const;
  // A metric of a content node's /state/v1/metrics (the first series of that name); nullopt
  // when the node does not answer or lacks it.
  std::optional<double> node_metric(uint16_t http_port, const std::string& name) const;
  // Waits until every content node's distributor reports no bucket with work left, twice in a
  // row; false at `limit`.
  bool wait_maintenance_done(std::chrono::milliseconds limit) const;

  int put(const std::string& id, const std::string& title) const;
  struct Answer {
    int status = 0;
    int64_t total = -1;
    int64_t group = -1;
    bool full = false;
    double relevance = 0;
  };
  Answer query(const std::string& where = "true", const std::string& extra = "") const;
  CommandResult grove(std::vector<std::string> args) const;
  // Every document id a visit of the cluster returns (grove visit).
  std::set<std::string> visit_ids() const;

  std::string dir, app, data, doc_type;
  uint16_t container_port = 0, configserver_port = 0, node_port = 0;

 private:
  bool up_ = false;
};

// Writes one document after another from a thread of its own, recording each outcome's time.
class WriteLoad {
 public:
  explicit WriteLoad(const LiveCluster& cluster, std::string prefix = "load");
  ~WriteLoad() { stop(); }
  void stop();
  // Failures at or after `since`.
  size_t failures_since(LiveClock::time_point since) const;
  size_t count() const;
  // The ids of the writes that were acknowledged (200).
  std::vector<std::string> acknowledged() const;

 private:
  void run();
  const LiveCluster& cluster_;
  const std::string prefix_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<std::pair<LiveClock::time_point, int>> outcomes_;  // index i: id prefix-i
  std::thread thread_;
};

}  // namespace grove::testing
