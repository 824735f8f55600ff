#pragma once

// LocalCluster: a whole application's processes on this host, for `grove up`, `grove down` and
// `grove status`. Every host alias means this host. Each content node gets a Thrift port and a
// state port from a base port, and `--nodes "KEY=127.0.0.1:PORT,..."` naming every node of its
// cluster; each container gets the HTTP port of its services.xml (checked
// to be free, like all others) and every content node's address; data and logs go under one directory, and
// the processes started are recorded in DIR/cluster.json so that `grove down` stops exactly
// them, by pid.
//
// Not thread-safe; used by one CLI command at a time.

#include <cstdint>
#include <string>
#include <vector>

#include "config-model/model/application_model.h"
#include "services/base/result.h"

namespace grove::cli {

struct ClusterProcess {
  std::string kind;     // "content" or "container"
  std::string cluster;  // cluster id
  uint16_t key = 0;     // distribution key
  uint16_t port = 0;    // Thrift
  uint16_t http_port = 0;
  int pid = 0;
  std::string data_dir;
  std::string log;
};

struct ClusterState {
  std::string application;  // absolute path of the package
  std::vector<ClusterProcess> processes;

  static Result<ClusterState> read(const std::string& path);
  Status write(const std::string& path) const;
};

struct UpOptions {
  std::string app_dir;
  std::string data_dir = "var/cluster";
  uint16_t base_port = 19100;
  uint16_t container_port = 0;  // 0: the <server port> of services.xml
  int health_timeout_s = 120;
};

// Starts every content node and container of the package and waits until each is healthy.
Result<ClusterState> cluster_up(const config::ApplicationModel& model, const UpOptions& options);
// Stops the processes recorded under `data_dir` (SIGTERM, then SIGKILL after `grace_s`).
Status cluster_down(const std::string& data_dir, int grace_s = 30);
// True when the process is alive and still the one recorded (its command line names its data
// directory), so that a reused pid is never signalled.
bool ours(const ClusterProcess& p);

}  // namespace grove::cli
