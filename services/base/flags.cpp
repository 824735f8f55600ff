#include "services/base/flags.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "services/base/parse_number.h"

namespace grove {

namespace {

bool declared(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

Result<Flags> Flags::parse(int argc, const char* const* argv, const FlagSpec& spec) {
  Flags flags;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      flags.help_ = true;
      continue;
    }
    if (arg.size() <= 2 || !arg.starts_with("--")) {
      if (!spec.positional) {
        return Status::InvalidArgument(fmt::format("unexpected argument '{}'", arg));
      }
      flags.positional_.emplace_back(arg);
      continue;
    }
    std::string_view name = arg.substr(2, arg.find('=') - 2);
    bool inline_value = name.size() + 2 < arg.size();
    if (declared(spec.switches, name)) {
      if (inline_value) return Status::InvalidArgument(fmt::format("--{} takes no value", name));
      flags.options_.emplace_back(name, "");
    } else if (!declared(spec.with_value, name)) {
      return Status::InvalidArgument(fmt::format("unknown option --{}", name));
    } else if (inline_value) {
      flags.options_.emplace_back(name, arg.substr(name.size() + 3));
    } else if (i + 1 < argc) {
      flags.options_.emplace_back(name, argv[++i]);
    } else {
      return Status::InvalidArgument(fmt::format("--{} needs a value", name));
    }
  }
  return flags;
}

bool Flags::has(std::string_view name) const {
  return std::any_of(options_.begin(), options_.end(),
                     [name](const auto& option) { return option.first == name; });
}

std::string Flags::get(std::string_view name, std::string_view fallback) const {
  for (auto it = options_.rbegin(); it != options_.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::string(fallback);
}

std::vector<std::string> Flags::get_all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, value] : options_) {
    if (n == name) out.push_back(value);
  }
  return out;
}

std::vector<std::string> Flags::get_list(std::string_view name) const {
  std::vector<std::string> out;
  std::string value = get(name);
  size_t start = 0;
  while (start < value.size()) {
    size_t end = std::min(value.find(',', start), value.size());
    if (end > start) out.push_back(value.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<int64_t> Flags::get_int(std::string_view name, int64_t fallback, int64_t min,
                               int64_t max) const {
  if (!has(name)) return fallback;
  std::string text = get(name);
  int64_t value = 0;
  if (!parse_number(text, value) || value < min || value > max) {
    if (min == INT64_MIN && max == INT64_MAX) {
      return Status::InvalidArgument(fmt::format("--{} takes a whole number, not '{}'", name, text));
    }
    return Status::InvalidArgument(
        fmt::format("--{} takes a whole number from {} to {}, not '{}'", name, min, max, text));
  }
  return value;
}

Result<std::chrono::duration<double>> Flags::get_seconds(std::string_view name,
                                                         std::chrono::duration<double> fallback,
                                                         double max_seconds) const {
  if (!has(name)) return fallback;
  std::string text = get(name);
  double seconds = 0;
  if (!parse_double(text, seconds) || !std::isfinite(seconds) || seconds <= 0 ||
      seconds > max_seconds) {
    return Status::InvalidArgument(
        fmt::format("--{} takes a positive number of seconds, not '{}'", name, text));
  }
  return std::chrono::duration<double>(seconds);
}

}  // namespace grove
