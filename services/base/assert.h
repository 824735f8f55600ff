#pragma once

// GROVE_ASSERT(cond): a cheap invariant check, always on. On failure it logs the condition with
// file:line and aborts: a failed assertion is a bug, never an expected error (those are Status).
// GROVE_PARANOID_ASSERT(cond): an expensive check, compiled in only with -DGROVE_PARANOID=ON.

namespace grove::detail {
[[noreturn]] void assert_fail(const char* expr, const char* file, int line, const char* func);
}

#define GROVE_ASSERT(cond)                                                           \
  do {                                                                               \
    if (!(cond)) [[unlikely]]                                                        \
      ::grove::detail::assert_fail(#cond, __FILE__, __LINE__, __func__);             \
  } while (0)

#ifdef GROVE_PARANOID
#define GROVE_PARANOID_ASSERT(cond) GROVE_ASSERT(cond)
#else
#define GROVE_PARANOID_ASSERT(cond) \
  do {                              \
  } while (0)
#endif
