#include "services/base/clock.h"

namespace grove {

int64_t SystemClock::wall_us() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

const SystemClock& SystemClock::instance() {
  static const SystemClock clock;
  return clock;
}

void ManualClock::advance(Duration d) {
  steady_ticks_ += d.count();
  wall_us_ += std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

}  // namespace grove
