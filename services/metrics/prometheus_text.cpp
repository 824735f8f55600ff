#include "services/metrics/prometheus_text.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace grove {

std::optional<double> prometheus_sample(std::string_view text, std::string_view name) {
  // The sample's line starts with the name and a space; "# HELP" and "# TYPE" lines name it too.
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const size_t value = at + name.size();
    if ((at != 0 && text[at - 1] != '\n') || value >= text.size() || text[value] != ' ') continue;
    const size_t end = std::min(text.find('\n', value), text.size());
    const std::string digits(text.substr(value + 1, end - value - 1));
    char* parsed_end = nullptr;
    const double v = std::strtod(digits.c_str(), &parsed_end);
    if (parsed_end == digits.c_str()) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

}  // namespace grove
