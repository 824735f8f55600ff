#pragma once

// ProcessPlan: the derived config the host supervisor runs for one generation: every process of
// the application (a grove-content per content node, a grove-container per container node),
// with its host and ports, and the arguments to start it with (the ones `grove up` gives today,
// container/cli/local_cluster.cpp).
//
// Ports are STABLE across generations: a process present in the previous plan (same kind,
// cluster and key or index) keeps its ports, so a redeploy restarts nothing that did not
// change. A new content node gets the lowest pair of consecutive ports (Thrift, then state
// API) from `base_port` that no process of the previous or the new plan uses (a removed
// process may still be stopping) and that is not reserved. A container gets its services.xml
// `<server port>` plus its index, or the first free port above that; it keeps its port while
// that request is unchanged. Ports are unique across the whole plan, so it runs on one host as
// well as on many. The JSON format is docs/process-plan.md.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(ProcessPlan plan,
//                          plan_processes(model, previous_plan_or_null, generation, {}));
//   std::string config_json = plan.to_json();  // into the generation store
//   for (const PlannedProcess& p : plan.processes) start(p.binary(), plan.arguments(p, app, data));
//
// Plain value types; plan_processes is a pure function (thread-safe).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/model/application_model.h"
#include "services/base/result.h"

namespace grove::deploy {

enum class ProcessKind { kContent, kContainer };

// "content" or "container".
std::string_view process_kind_name(ProcessKind kind);

struct PlannedProcess {
  ProcessKind kind = ProcessKind::kContent;
  std::string cluster;
  uint16_t key = 0;        // the distribution key (content) or the node's index (container)
  std::string hostalias;   // "" for a container's implicit node
  std::string hostname;    // from hosts.xml; "localhost" without one
  uint16_t thrift_port = 0;     // content: the content protocol; 0 for a container
  uint16_t http_port = 0;       // content: the state API; container: the query/document API
  uint16_t requested_port = 0;  // container: services.xml's port + index; 0 for content
  std::string data_dir;         // content: "<cluster>/node<key>", under the supervisor's root

  // "grove-content" or "grove-container".
  std::string_view binary() const;
  // "content node 3 of 'music'", "container 0 of 'default'".
  std::string describe() const;
  friend bool operator==(const PlannedProcess&, const PlannedProcess&) = default;
};

struct ProcessPlan {
  uint64_t generation = 0;
  // Content nodes (clusters in package order, keys ascending), then containers (likewise).
  std::vector<PlannedProcess> processes;

  // The process of that kind, cluster and key (or index), or nullptr.
  const PlannedProcess* find(ProcessKind kind, std::string_view cluster, uint16_t key) const;
  // "KEY=ADDR:PORT,..." over the content nodes of `cluster` (grove-content --nodes), and
  // "CLUSTER:KEY=ADDR:PORT,..." over all content nodes (grove-container --nodes); ADDR is the
  // hostname, with "localhost" written 127.0.0.1 (Grove listens on 127.0.0.1 only).
  std::string content_nodes_arg(std::string_view cluster) const;
  std::string all_content_nodes_arg() const;
  // The arguments (without the binary) to start `p` with the package in `app_dir` and data
  // under `data_root`.
  std::vector<std::string> arguments(const PlannedProcess& p, const std::string& app_dir,
                                     const std::string& data_root) const;

  std::string to_json() const;
  // Parses to_json()'s form. InvalidArgument naming the process and field for a missing or
  // mistyped field, an unknown kind, a port outside 1..65535 or a port used twice.
  static Result<ProcessPlan> parse_json(std::string_view json);

  friend bool operator==(const ProcessPlan&, const ProcessPlan&) = default;
};

struct ProcessPlanOptions {
  uint16_t base_port = 19100;            // where content nodes' port pairs start
  // Containers' first HTTP port (container i gets this + i) instead of services.xml's
  // <server port>; 0: services.xml's. For one-host clusters that must not take 8080.
  uint16_t container_port = 0;
  std::vector<uint16_t> reserved_ports = {19070, 19071};  // the config server's (DESIGN §2)
};

// The plan for `model` as generation `generation`, keeping the ports of `previous` (nullptr for
// the first). InvalidArgument when no free port or pair is left below 65536 for a process,
// naming it.
Result<ProcessPlan> plan_processes(const config::ApplicationModel& model, const ProcessPlan* previous,
                                   uint64_t generation, const ProcessPlanOptions& options);

}  // namespace grove::deploy
