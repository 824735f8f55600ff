#pragma once

// ChildProcess: a program the node benchmark starts (grove-content, grove-peer-bench), with its
// stdout and stderr going to a log file, stopped by its pid.
//
// Every wait is bounded, and the destructor sends SIGKILL to a child that is still running, so
// an early return or an error never leaves a server behind.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(auto child, ChildProcess::start({"build/bin/grove-content", ...},
//                                                          "var/perf/node/node.log"));
//   child->signal(SIGTERM);
//   std::optional<int> code = child->wait_exit(std::chrono::seconds(60));
//
// Owned by the benchmark; confined to one thread.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/base/result.h"

namespace grove::perf {

class ChildProcess {
 public:
  // Starts `argv[0]` (a path) with the given arguments; output is appended to `log_path`.
  // IoError when the log cannot be opened or fork fails; a program that cannot be executed
  // exits with code 127.
  static Result<std::unique_ptr<ChildProcess>> start(const std::vector<std::string>& argv,
                                                     const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` to this child only (nothing once it has been reaped).
  void signal(int signal) const;
  // Waits up to `timeout` for the child to exit: its exit code (128 + signal if killed), or
  // nullopt if it is still running.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL if it is still running after `grace`. The exit code.
  int stop(std::chrono::milliseconds grace);

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  std::optional<int> reap(bool block);

  pid_t pid_ = -1;  // Invariant: -1 once reaped
  std::optional<int> exit_code_;
};

}  // namespace grove::perf
