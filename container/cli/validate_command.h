#pragma once

// `grove validate APP_DIR`: loads an application package, prints every error and warning
// (prefixed with the package directory) and a summary of what the package defines.
//
// Exit codes: 0 valid (warnings allowed), 1 invalid, 2 unreadable or bad usage.

#include <cstdio>

namespace grove::cli {

int run_validate(int argc, char** argv, std::FILE* out, std::FILE* err);

}  // namespace grove::cli
