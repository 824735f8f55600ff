#include "services/metrics/prometheus_text.h"

#include <algorithm>
#include <charconv>

namespace grove {

std::optional<double> prometheus_sample(std::string_view text, std::string_view name) {
  // The sample's line starts with the name and a space; "# HELP" and "# TYPE" lines name it too.
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const size_t value = at + name.size();
    if ((at != 0 && text[at - 1] != '\n') || value >= text.size() || text[value] != ' ') continue;
    const size_t end = std::min(text.find('\n', value), text.size());
    double v = 0;
    const auto parsed = std::from_chars(text.data() + value + 1, text.data() + end, v);
    if (parsed.ec != std::errc()) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

}  // namespace grove
