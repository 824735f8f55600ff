#include "container/cli/cli_args.h"

#include <fmt/format.h>

namespace grove::cli {

Result<CliArgs> CliArgs::parse(int argc, char** argv, const std::set<std::string>& with_value,
                               const std::set<std::string>& switches) {
  CliArgs args;
  for (int i = 0; i < argc; ++i) {
    std::string word = argv[i];
    if (word.size() > 2 && word.starts_with("--")) {
      if (switches.count(word)) {
        args.options_.emplace_back(word, "");
      } else if (with_value.count(word)) {
        if (i + 1 >= argc) return Status::InvalidArgument(fmt::format("{} needs a value", word));
        args.options_.emplace_back(word, argv[++i]);
      } else {
        return Status::InvalidArgument(fmt::format("unknown option {}", word));
      }
    } else {
      args.positional_.push_back(std::move(word));
    }
  }
  return args;
}

bool CliArgs::has(std::string_view flag) const {
  for (const auto& [name, value] : options_) {
    if (name == flag) return true;
  }
  return false;
}

std::string CliArgs::get(std::string_view flag, std::string fallback) const {
  for (auto it = options_.rbegin(); it != options_.rend(); ++it) {
    if (it->first == flag) return it->second;
  }
  return fallback;
}

}  // namespace grove::cli
