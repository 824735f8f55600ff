#include "services/base/assert.h"

#include <cstdio>
#include <cstdlib>

namespace grove::detail {

void assert_fail(const char* expr, const char* file, int line, const char* func) {
  std::fprintf(stderr, "grove: assertion failed: %s at %s:%d in %s\n", expr, file, line, func);
  std::fflush(stderr);
  std::abort();
}

}  // namespace grove::detail
