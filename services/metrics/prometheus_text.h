#pragma once

// Reading back the Prometheus text that MetricRegistry::render_prometheus() writes (a host
// supervisor reads a content node's document count from its /prometheus/v1/values).

#include <optional>
#include <string_view>

namespace grove {

// The value of the unlabelled sample `name` (with its "grove_" prefix); nullopt when the text
// has no such sample line (the "# HELP" and "# TYPE" lines that name it do not count).
std::optional<double> prometheus_sample(std::string_view text, std::string_view name);

}  // namespace grove
