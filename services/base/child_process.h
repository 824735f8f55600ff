#pragma once

// ChildProcess: a program this process starts (fork and exec), owned and stopped by its pid.
// The one place where Grove starts processes: `grove up`, the node benchmark and the system
// tests all use it.
//
// Lifecycle:
//   start()      forks and executes argv[0], a path (there is no PATH search). A program that
//                cannot be executed is an error of start(), not a child that exits with 127.
//   running(), wait_exit(), stop()
//                every wait is bounded by the caller's timeout or grace period. The child is
//                reaped here, and its exit code is kept (128 + signal when a signal ended it).
//   ~ChildProcess
//                sends SIGKILL to a child that is still running and reaps it, so an early
//                return or a failed test never leaves a process behind.
//   release()    gives the child up instead: it runs on after this object and this process
//                (the servers `grove up` starts, which `grove down` stops later by pid).
//
// A process that is not, or no longer, owned by a ChildProcess is handled by pid alone:
// process_running() and stop_processes().
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(ChildProcess node,
//                          ChildProcess::start({"build/bin/grove-content", "--port", "19100"},
//                                              {.output_path = "var/node.log"}));
//   ...
//   int code = node.stop(std::chrono::seconds(30));  // SIGTERM; SIGKILL after 30 s
//
// Thread-safety: a ChildProcess is movable, not copyable, and confined to one thread at a time.
// start() may be called while other threads run: everything the child needs is prepared before
// fork(), and between fork() and exec the child makes only async-signal-safe calls. The free
// functions are thread-safe.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "services/base/result.h"

namespace grove {

struct SpawnOptions {
  // Where the child's stdout and stderr go: appended to this file (created with mode 0644).
  // Empty: inherited from this process.
  std::string output_path = {};
  // Environment variables for the child, "NAME=value", added to this process's environment
  // (replacing a variable of the same name). Empty: the environment is inherited as it is.
  std::vector<std::string> env = {};
  // A session of its own (setsid) and stdin from /dev/null: a server that must outlive this
  // process and not get the terminal's Ctrl-C.
  bool detach = false;
};

class ChildProcess {
 public:
  // Starts `argv[0]` with `argv` as its arguments; the signal mask is cleared in the child.
  // InvalidArgument for an empty argv; IoError when the output file cannot be opened or fork
  // fails; NotFound ("cannot run PATH: No such file or directory") when there is no program at
  // argv[0], IoError naming the reason when it exists but cannot be executed.
  static Result<ChildProcess> start(const std::vector<std::string>& argv,
                                    const SpawnOptions& options = {});

  ChildProcess(ChildProcess&& other) noexcept;
  // Kills (as the destructor does) the child this object held, then takes over `other`'s.
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // The child's pid; -1 once it has been reaped or released.
  pid_t pid() const { return pid_; }
  // True until the child has exited (reaping it when it has).
  bool running();
  // The exit code once the child has been reaped (128 + signal when a signal ended it).
  std::optional<int> exit_code() const { return exit_code_; }

  // Sends `signal` to this child only; nothing once it has been reaped or released.
  void signal(int signal) const;
  // Waits up to `timeout` for the child to exit: its exit code, or nullopt when it is still
  // running (or was released). After an exit, returns the same code again.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL when it is still running after `grace`; returns the exit code (-1
  // for a released child).
  int stop(std::chrono::milliseconds grace);

  // SIGSTOP, then waits up to `timeout` until every thread of the child is stopped: a
  // multi-threaded process stops only once one of its threads has taken the signal, and until
  // then the others keep running. True when all are stopped. resume() sends SIGCONT.
  bool suspend(std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  void resume() const;

  // Gives the child up: it is no longer signalled, waited for or killed by this object.
  // Returns its pid (-1 when it was already reaped).
  pid_t release();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  // Reaps the child if it has exited (waiting for that when `block`); the exit code if known.
  std::optional<int> reap(bool block);
  void kill_and_reap();

  pid_t pid_ = -1;  // Invariant: -1 once reaped or released
  std::optional<int> exit_code_;
};

// True when a process with this pid exists, has not exited (a zombie counts as gone) and this
// process may signal it. A child of this process that has exited is reaped here, so do not ask
// about a pid that a ChildProcess still owns (ask the ChildProcess).
bool process_running(pid_t pid);

// Stops processes by pid, children of this process or not: SIGTERM to each, then waits up to
// `grace` for all of them together, then SIGKILL to each still running, waiting up to 5 s more
// until it is gone. `still_same`, when given, is asked before the SIGKILL, so that a pid the
// system gave to another process in the meantime is left alone. Pids that are not running are
// skipped; never fails.
void stop_processes(const std::vector<pid_t>& pids, std::chrono::milliseconds grace,
                    const std::function<bool(pid_t)>& still_same = {});

}  // namespace grove
