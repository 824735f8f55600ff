#pragma once

// `grove up APP_DIR [--data DIR] [--base-port N] [--container-port N]`: starts the package's
//   content nodes and containers on this host and waits until each is healthy, then prints the
//   endpoints. Exit 0 when all are up.
// `grove down [--data DIR]`: stops the processes `grove up` recorded there, by pid.
// `grove status [--data DIR]`: each process with its health and document counts.

#include <cstdio>

namespace grove::cli {

int run_up(int argc, char** argv, std::FILE* out, std::FILE* err);
int run_down(int argc, char** argv, std::FILE* out, std::FILE* err);
int run_status(int argc, char** argv, std::FILE* out, std::FILE* err);
int run_deploy(int argc, char** argv, std::FILE* out, std::FILE* err);

}  // namespace grove::cli
