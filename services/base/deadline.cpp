#include "services/base/deadline.h"

#include <limits>

namespace grove {

int32_t Deadline::remaining_ms(const Clock& clock) const {
  if (is_never()) return std::numeric_limits<int32_t>::max();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(remaining(clock)).count();
  if (ms > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
  return static_cast<int32_t>(ms);
}

}  // namespace grove
