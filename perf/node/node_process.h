#pragma once

// NodeProcess: one grove-content process for the node benchmark: started on free ports on
// 127.0.0.1 with a given application package and data directory, ready once it answers ping
// with state UP, stopped with SIGTERM (and SIGKILL by the ChildProcess guard on any early exit).
//
// Usage:
//   NodeLaunch launch{.binary = "build/bin/grove-content", .app_dir = "schemas/gcide",
//                     .data_dir = "var/perf/node/gcide/data", .log_path = ".../node-1.log"};
//   GROVE_ASSIGN_OR_RETURN(auto node, NodeProcess::start(launch));
//   use(node->port());
//   GROVE_RETURN_IF_ERROR(node->stop());
//
// Owned by the benchmark; confined to one thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "services/base/child_process.h"
#include "services/base/result.h"

namespace grove::perf {

struct NodeLaunch {
  std::string binary;  // grove-content
  std::string app_dir;
  std::string data_dir;
  std::string log_path;  // stdout and stderr of the process (appended)
  std::chrono::seconds ready_timeout{900};  // index start-up included
};

class NodeProcess {
 public:
  // Starts the process and waits until ping answers UP. Unavailable (with the log's last
  // lines) when it exits first or is not ready within launch.ready_timeout.
  static Result<std::unique_ptr<NodeProcess>> start(const NodeLaunch& launch);

  uint16_t port() const { return port_; }
  pid_t pid() const { return child_.pid(); }
  const NodeLaunch& launch() const { return launch_; }
  // From fork to the first ping answered UP.
  double seconds_to_ready() const { return seconds_to_ready_; }
  // The process's VmRSS.
  Result<uint64_t> resident_bytes() const;
  Result<uint64_t> anonymous_bytes() const;
  // SIGTERM, then waits up to `grace` (SIGKILL past it). Internal unless it exited with 0.
  Status stop(std::chrono::milliseconds grace = std::chrono::seconds(120));
  // Seconds the last stop() took.
  double seconds_to_stop() const { return seconds_to_stop_; }

 private:
  NodeProcess(NodeLaunch launch, ChildProcess child, uint16_t port)
      : launch_(std::move(launch)), child_(std::move(child)), port_(port) {}
  Status wait_ready();

  NodeLaunch launch_;
  ChildProcess child_;
  uint16_t port_ = 0;
  double seconds_to_ready_ = 0;
  double seconds_to_stop_ = 0;
};

// The figures of grove-content's "index start-up: N documents in B buckets indexed in S s
// (R docs/s)" log line.
struct StartupFigures {
  uint64_t documents = 0;
  uint64_t buckets = 0;
  double seconds = 0;
  double docs_per_second = 0;
};

// The last index start-up line in `log_text`; nullopt when there is none.
std::optional<StartupFigures> parse_startup_line(std::string_view log_text);

// The whole text of a file ("" when unreadable), and its last `lines` lines.
std::string read_text_file(const std::string& path);
std::string last_lines(std::string_view text, size_t lines);

}  // namespace grove::perf
