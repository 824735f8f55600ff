#pragma once

// Flags: the command-line options of the perf programs, all of the form `--name value` or
// `--name=value`, plus `--help`. Every name must be declared, so a typo is an error rather
// than a silently ignored option.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(Flags flags, Flags::parse(argc, argv, {"corpus", "seed"}));
//   std::string corpus = flags.get("corpus", "var/corpus/gcide.jsonl");
//   GROVE_ASSIGN_OR_RETURN(int64_t seed, flags.get_int("seed", 42));
//
// A value; const methods are thread-safe.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::perf {

class Flags {
 public:
  // InvalidArgument for an undeclared name, a missing value or a positional argument.
  static Result<Flags> parse(int argc, const char* const* argv,
                             std::initializer_list<std::string_view> names);

  bool help() const { return help_; }
  bool has(std::string_view name) const { return values_.count(std::string(name)) > 0; }
  std::string get(std::string_view name, std::string_view fallback = "") const;
  // InvalidArgument when the value is not an integer.
  Result<int64_t> get_int(std::string_view name, int64_t fallback) const;
  // A comma-separated value as a list; empty when absent or empty.
  std::vector<std::string> get_list(std::string_view name) const;

 private:
  std::map<std::string, std::string> values_;
  bool help_ = false;
};

}  // namespace grove::perf
