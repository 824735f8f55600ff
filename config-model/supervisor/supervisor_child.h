#pragma once

// Supervisor::Child: one supervised process as the supervising thread keeps it (private to
// supervisor*.cpp). Confined to the supervising thread.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config-model/supervisor/supervisor.h"
#include "services/base/child_process.h"

namespace grove::supervisor {

struct Supervisor::Child {
  Child(deploy::PlannedProcess p, std::string name_, std::string log, RestartOptions restart)
      : process(std::move(p)), name(std::move(name_)), log_path(std::move(log)), backoff(restart) {}

  deploy::PlannedProcess process;
  std::string name;
  std::string log_path;
  std::optional<ChildProcess> proc;  // Invariant: set exactly while state == kRunning
  std::vector<std::string> argv;     // of the last start
  pid_t pid = -1;                    // of the last start (ChildProcess forgets it once reaped)
  ChildState state = ChildState::kStopped;
  RestartBackoff backoff;
  uint32_t starts = 0;
  std::optional<int> last_exit;
  std::chrono::steady_clock::time_point started_at;
  std::chrono::steady_clock::time_point next_start;  // while kBackoff
  std::chrono::system_clock::time_point since = std::chrono::system_clock::now();
  bool retained = false;
  // A retained content node is polled for the documents it still holds; it is stopped once it
  // holds none (drained by bucket maintenance) at two polls in a row.
  std::chrono::steady_clock::time_point next_drain_poll;
  int empty_polls = 0;

  void enter(ChildState next) {
    state = next;
    since = std::chrono::system_clock::now();
  }
};

}  // namespace grove::supervisor
