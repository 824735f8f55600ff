#pragma once

// ChildProcess: a real process started by a system test, stopped by its pid.
//
// Every wait is bounded: wait_exit() gives up after its timeout, and the destructor sends
// SIGKILL to a child that is still running, so a failing test never leaves a server behind.
//
// Confined to the test's thread.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace grove::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` with the given arguments; stdout and stderr go to `log_path` (appended).
  static std::optional<ChildProcess> start(const std::vector<std::string>& argv,
                                           const std::string& log_path);
  ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }
  ChildProcess& operator=(ChildProcess&&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Sends `signal` to this child only.
  void signal(int signal) const;
  // Sends SIGSTOP and waits up to `timeout` until every thread of the child is stopped: a
  // multi-threaded process stops only once one of its threads has taken the signal, and until
  // then the others keep running (on a busy machine, long enough to answer a call). True when
  // stopped.
  bool stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) const;
  // Waits up to `timeout` for the child to exit; returns its exit code (128+signal if killed),
  // or nullopt if it is still running.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;  // -1 once reaped
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a command to completion (bounded by `timeout`; killed past it) and captures its output.
CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A TCP port on 127.0.0.1 that was free a moment ago.
uint16_t free_port();

// The first of `count` consecutive TCP ports on 127.0.0.1 that were all free a moment ago, for
// programs that take a base port (grove up); 0 when none was found.
uint16_t free_port_block(int count);

// A fresh empty directory under the system temp dir.
std::string make_temp_dir(const std::string& prefix);

}  // namespace grove::testing
