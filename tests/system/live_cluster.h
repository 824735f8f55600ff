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
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "services/protocol/bucket_messages.h"
#include "tests/system/configserver_process.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {

using LiveClock = std::chrono::steady_clock;

std::string url_encode(std::string_view text);
int64_t ms_since(LiveClock::time_point t);
// A cluster state with every node up (no ".s:" override).
bool all_up(const std::string& state);

struct LiveCluster {
  // `doc_type` is the package's document type (and namespace) for puts and queries.
  // `services_xml`, when given, replaces the package's services.xml before it starts.
  LiveCluster(const std::string& package, int content_nodes, std::string doc_type = "music",
              const std::string& services_xml = "");
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
  // The same, with the reply's body (the error message of a failed write).
  std::pair<int, std::string> put_reply(const std::string& id, const std::string& title) const;
  struct Answer {
    int status = 0;
    int64_t total = -1;
    int64_t group = -1;
    bool full = false;
    double relevance = 0;
    std::string error;  // the start of the body of an answer that is not 200
  };
  Answer query(const std::string& where = "true", const std::string& extra = "") const;
  CommandResult grove(std::vector<std::string> args) const;
  // `grove deploy` of `app` (fails the test if it fails); the generation it made active. Its
  // output goes to the test log under `what`.
  int64_t deploy(const std::string& what) const;
  // Waits until the container searches with generation `generation` or newer (its
  // container_serving_generation gauge); false at `limit`.
  bool wait_container_serving(int64_t generation, std::chrono::milliseconds limit) const;
  // Every document id a visit of the cluster returns (grove visit).
  std::set<std::string> visit_ids() const;

  // Every running content node's buckets (list_buckets over Thrift), by distribution key.
  std::map<uint16_t, std::vector<protocol::BucketInfo>> bucket_listing() const;
  // How the nodes' buckets differ from the ideal state of `app_dir` with every node up
  // (`grove ideal-state --json`): per bucket, the nodes that hold it and their ready and active
  // flags against the ideal replicas. Empty when placement is ideal; at most `limit` lines.
  std::vector<std::string> placement_differences(const std::string& app_dir, size_t limit = 20) const;

  // Waits until every content node's ping reports config generation `generation` or newer;
  // false at `limit`.
  bool wait_nodes_on_generation(int64_t generation, std::chrono::milliseconds limit) const;

  // kill -9 of the config server that grove up started; its command line, to start it again.
  std::vector<std::string> kill_configserver() const;

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
  // The status and message of the first failed write ("" when none failed).
  std::string first_failure() const;

 private:
  void run();
  const LiveCluster& cluster_;
  const std::string prefix_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<std::pair<LiveClock::time_point, int>> outcomes_;  // index i: id prefix-i
  std::string first_failure_;
  std::thread thread_;
};

// Runs one query after another from a thread of its own and judges each answer: 200, full
// coverage, and (when `expected_total` is set) exactly that totalCount. The counts and the
// first problem seen are read after stop().
class QueryLoad {
 public:
  QueryLoad(const LiveCluster& cluster, std::string where, std::optional<int64_t> expected_total);
  ~QueryLoad() { stop(); }
  void stop();
  int64_t ok = 0, failed = 0, partial = 0, wrong_total = 0;
  std::set<int64_t> groups;  // the searchGroup of every answer (-1: flat)
  std::string first_problem;

 private:
  void run();
  void note(std::string what);
  const LiveCluster& cluster_;
  const std::string where_;
  const std::optional<int64_t> expected_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::thread thread_;
};

}  // namespace grove::testing
