#include "container/feed/retry_policy.h"

#include <algorithm>

namespace grove::feed {

bool is_retryable_status(int status) {
  switch (status) {
    case 0:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

bool is_congestion_status(int status) { return status == 429 || status == 503 || status == 504; }

Duration retry_delay(int retry, Duration base, Duration max, std::mt19937_64& random) {
  Duration d = base;
  for (int i = 1; i < retry && d < max; ++i) d *= 2;
  d = std::min(d, max);
  if (d.count() <= 1) return d;
  std::uniform_int_distribution<Duration::rep> pick(d.count() / 2, d.count());
  return Duration(pick(random));
}

}  // namespace grove::feed
