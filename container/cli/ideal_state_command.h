#pragma once

// `grove ideal-state APP_DIR [--cluster NAME] [--cluster-state STATE] [--json]
//                    (--doc ID | --bucket HEX)...`
//
// For each document or bucket prints the gid and bucket, the ideal storage nodes (with their
// group, and whether each replica is ready and active) and the distributor that owns it, as
// computed from the package's content cluster and the cluster state (default: all nodes up).
//
// Exit codes: 0 every item computed, 1 an item failed (bad id, no ideal state, invalid package),
// 2 unreadable package or bad usage.

#include <cstdio>

namespace grove::cli {

int run_ideal_state(int argc, char** argv, std::FILE* out, std::FILE* err);

}  // namespace grove::cli
