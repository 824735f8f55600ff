#include "config-model/supervisor/restart_backoff.h"

#include <algorithm>

namespace grove::supervisor {

std::chrono::milliseconds RestartBackoff::on_exit(std::chrono::milliseconds ran_for) {
  if (ran_for >= options_.stable_after) consecutive_ = 0;
  std::chrono::milliseconds delay = options_.initial;
  for (uint32_t i = 0; i < consecutive_ && delay < options_.max; ++i) delay *= 2;
  ++consecutive_;
  return std::min(delay, std::max(options_.max, options_.initial));
}

}  // namespace grove::supervisor
