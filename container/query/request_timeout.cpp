#include "container/query/request_timeout.h"

#include <fmt/format.h>

#include "services/base/parse_number.h"

namespace grove::query {

Result<Duration> parse_timeout(std::string_view text) {
  std::string_view number = text;
  double scale_ms = 1000.0;
  auto strip = [&](std::string_view suffix, double scale) {
    if (number.size() > suffix.size() && number.ends_with(suffix)) {
      number.remove_suffix(suffix.size());
      scale_ms = scale;
      return true;
    }
    return false;
  };
  if (!strip("ms", 1.0) && !strip("s", 1000.0)) strip("m", 60000.0);
  while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
  double value = 0;
  if (!parse_double(number, value) || !(value >= 0) || value * scale_ms > 3.6e6) {
    return Status::InvalidArgument(
        fmt::format("Invalid 'timeout' value '{}': expected e.g. 500ms, 2s or 1.5 (at most one hour)", text));
  }
  return std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, std::milli>(value * scale_ms));
}

}  // namespace grove::query
