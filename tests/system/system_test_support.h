#pragma once

// What the system tests share besides ChildProcess (services/base/child_process.h, which this
// includes): running a command to completion, free ports on 127.0.0.1 and temporary
// directories.
//
// Thread-safe: free_port() and free_port_block() hand out ports under a lock.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "services/base/child_process.h"

namespace grove::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a command to completion (bounded by `timeout`; killed past it) and captures its output.
// `env` ("NAME=value") is added to the command's environment (SpawnOptions::env).
CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60),
                          const std::vector<std::string>& env = {});

// A TCP port on 127.0.0.1 that was free a moment ago.
uint16_t free_port();

// The first of `count` consecutive TCP ports on 127.0.0.1 that were all free a moment ago, for
// programs that take a base port (grove up); 0 when none was found.
uint16_t free_port_block(int count);

// A fresh empty directory under the system temp dir.
std::string make_temp_dir(const std::string& prefix);

}  // namespace grove::testing
