#pragma once

// CliArgs: the arguments of one `grove` subcommand: positional words and `--flag [value]`
// options, in order. Small on purpose; each command says which flags take values.
//
// Usage:
//   auto args = CliArgs::parse(argc - 2, argv + 2, {"--cluster", "--doc"}, {"--json"});
//   if (!args.ok()) { print args.status(); return 2; }
//
// Immutable value type.

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/base/result.h"

namespace grove::cli {

class CliArgs {
 public:
  // Flags in `with_value` take the next word as their value; flags in `switches` take none.
  // Anything else starting with "--" is InvalidArgument naming it.
  static Result<CliArgs> parse(int argc, char** argv, const std::set<std::string>& with_value,
                               const std::set<std::string>& switches);

  const std::vector<std::string>& positional() const { return positional_; }
  // Every (flag, value) in command-line order; switches have an empty value.
  const std::vector<std::pair<std::string, std::string>>& options() const { return options_; }
  bool has(std::string_view flag) const;
  // The last value given for `flag`, or `fallback`.
  std::string get(std::string_view flag, std::string fallback = {}) const;

 private:
  std::vector<std::string> positional_;
  std::vector<std::pair<std::string, std::string>> options_;
};

}  // namespace grove::cli
