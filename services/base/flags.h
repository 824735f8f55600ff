#pragma once

// Flags: the command line of a Grove program or subcommand, parsed against the names it
// declares. Named flags take a value as `--name value` or `--name=value`; switches take none
// (`--verbose`); `--help` and `-h` are always understood. Every name must be declared, so a typo
// is an error that names it rather than an option silently ignored. Positional words are
// allowed only when the spec says so ("-" and "--" count as positional).
//
// Usage:
//   auto flags = Flags::parse(argc - 1, argv + 1, {.with_value = {"port", "app"}});
//   if (!flags.ok()) { print(flags.status().message()); return 2; }
//   GROVE_ASSIGN_OR_RETURN(int64_t port, flags->get_int("port", 8080, 1, 65535));
//   std::string app = flags->get("app");
//
// Messages name the flag as the user wrote it: "unknown option --prot", "--port needs a value",
// "--port takes a whole number from 1 to 65535, not 'x'".
//
// An immutable value once parsed; const methods are thread-safe.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/base/result.h"

namespace grove {

// What a command line may contain. Names are written without the leading "--".
struct FlagSpec {
  std::vector<std::string_view> with_value = {};  // flags that take a value
  std::vector<std::string_view> switches = {};    // flags that take none
  bool positional = false;                   // whether words not starting with "--" are allowed
};

class Flags {
 public:
  // `argv` holds the arguments only (not the program name). InvalidArgument for an undeclared
  // name, a flag without its value, a value given to a switch, or a positional word the spec
  // does not allow.
  static Result<Flags> parse(int argc, const char* const* argv, const FlagSpec& spec);

  // True when --help or -h was given.
  bool help() const { return help_; }
  bool has(std::string_view name) const;
  // The last value given for `name`, or `fallback` when it was not given.
  std::string get(std::string_view name, std::string_view fallback = "") const;
  // Every value given for `name`, in command-line order.
  std::vector<std::string> get_all(std::string_view name) const;
  // A comma-separated value as a list (empty items dropped); empty when absent.
  std::vector<std::string> get_list(std::string_view name) const;
  // The value as a whole number in [min, max], or `fallback` when absent. InvalidArgument
  // naming the flag for anything else.
  Result<int64_t> get_int(std::string_view name, int64_t fallback, int64_t min = INT64_MIN,
                          int64_t max = INT64_MAX) const;
  // The value as a number of seconds in (0, max_seconds], or `fallback` when absent.
  // InvalidArgument naming the flag for anything else.
  Result<std::chrono::duration<double>> get_seconds(std::string_view name,
                                                    std::chrono::duration<double> fallback,
                                                    double max_seconds = 1e6) const;

  // Every (name, value) in command-line order; switches have an empty value.
  const std::vector<std::pair<std::string, std::string>>& options() const { return options_; }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::pair<std::string, std::string>> options_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

}  // namespace grove
