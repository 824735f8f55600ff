#pragma once

// LocalCluster: a whole application on this host through the control plane, for `grove up`,
// `grove down`, `grove status` and `grove deploy`. `grove up` starts a config server
// (grove-configserver) and one host supervisor (grove-node), deploys the package to the config
// server, and waits until every process of the generation's plan (which the supervisor starts)
// answers its health check. Every host alias means this host. Data and logs go under one
// directory:
//   DIR/configserver/   the config server's store and unpacked packages
//   DIR/node/           the supervisor's: data/<cluster>/node<key>/ of each content node, logs/
//   DIR/logs/           the config server's and the supervisor's logs
//   DIR/cluster.json    the processes started, by pid, so that `grove down` stops exactly them
//
// Not thread-safe; used by one CLI command at a time.

#include <cstdint>
#include <string>
#include <vector>

#include "config-model/model/application_model.h"
#include "services/base/result.h"

namespace grove::cli {

struct ClusterProcess {
  std::string kind;     // "configserver", "node" (the supervisor), "content" or "container"
  std::string cluster;  // cluster id; "" for the config server and the supervisor
  uint16_t key = 0;     // distribution key, or a container's index
  uint16_t port = 0;    // Thrift (content); HTTP for the others
  uint16_t http_port = 0;
  int pid = 0;          // when started; a supervisor may have restarted a node since
  std::string data_dir;
  std::string log;
};

struct ClusterState {
  std::string application;  // absolute path of the package
  uint16_t configserver_port = 0;
  uint64_t generation = 0;
  std::vector<ClusterProcess> processes;

  static Result<ClusterState> read(const std::string& path);
  Status write(const std::string& path) const;
};

struct UpOptions {
  std::string app_dir;
  std::string data_dir = "var/cluster";
  uint16_t base_port = 19100;         // content nodes' port pairs start here
  uint16_t container_port = 0;        // 0: the <server port> of services.xml
  uint16_t configserver_port = 19071;  // 0: any free port
  uint16_t node_port = 19098;          // the supervisor's state API; 0: any free port
  int health_timeout_s = 120;
};

// Starts the config server and the supervisor, deploys the package, and waits until every
// process is healthy. On failure, what was started is stopped again.
Result<ClusterState> cluster_up(const config::ApplicationModel& model, const UpOptions& options);
// Stops the processes recorded under `data_dir`: the supervisor first (it stops its children),
// then any recorded node still running, then the config server (SIGTERM, then SIGKILL after
// `grace_s`).
Status cluster_down(const std::string& data_dir, int grace_s = 30);
// True when the process is alive and still the one recorded (its command line names its data
// directory or, for a container, its port), so that a reused pid is never signalled.
bool ours(const ClusterProcess& p);

// The answer of a deploy: the HTTP status and body of prepareandactivate.
struct DeployReply {
  int status = 0;
  std::string body;
};
// Packs `app_dir` (deploy::pack_package) and POSTs it to the config server at host:port.
Result<DeployReply> deploy_package(const std::string& app_dir, const std::string& host, uint16_t port);
// Human lines for a deploy answer: the generation and what changes, or every error.
std::vector<std::string> describe_deploy(const DeployReply& reply);

}  // namespace grove::cli
