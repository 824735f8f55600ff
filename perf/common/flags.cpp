#include "perf/common/flags.h"

#include <fmt/format.h>

#include <algorithm>

#include "services/base/parse_number.h"

namespace grove::perf {

Result<Flags> Flags::parse(int argc, const char* const* argv,
                           std::initializer_list<std::string_view> names) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      flags.help_ = true;
      continue;
    }
    if (arg.substr(0, 2) != "--") {
      return Status::InvalidArgument(fmt::format("unexpected argument '{}'", arg));
    }
    arg.remove_prefix(2);
    std::string_view name = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return Status::InvalidArgument(fmt::format("unknown option --{}", name));
    }
    if (name.size() < arg.size()) {
      flags.values_[std::string(name)] = std::string(arg.substr(name.size() + 1));
    } else if (i + 1 < argc) {
      flags.values_[std::string(name)] = argv[++i];
    } else {
      return Status::InvalidArgument(fmt::format("option --{} needs a value", name));
    }
  }
  return flags;
}

std::string Flags::get(std::string_view name, std::string_view fallback) const {
  auto it = values_.find(std::string(name));
  return it == values_.end() ? std::string(fallback) : it->second;
}

Result<int64_t> Flags::get_int(std::string_view name, int64_t fallback) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return fallback;
  int64_t value = 0;
  if (!parse_number(it->second, value)) {
    return Status::InvalidArgument(
        fmt::format("option --{} wants an integer, not '{}'", name, it->second));
  }
  return value;
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

}  // namespace grove::perf
