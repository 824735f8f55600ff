#include "container/feed/feed_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "container/feed/feeder.h"
#include "services/base/flags.h"

namespace grove::feed {

namespace {

constexpr const char* kUsage =
    "usage: grove feed [--endpoint http://127.0.0.1:8080] [--connections N] [--max-pending N]\n"
    "                  [--timeout S] [--retries N] [--errors-file F] [--verbose] [FILE...]\n"
    "Sends a Vespa JSON feed (a JSON array of operations, or one operation per line) to\n"
    "/document/v1; reads stdin when no FILE is given or for '-'. Prints the summary JSON.\n";

struct CommandLine {
  FeedOptions options;
  std::string errors_file;
  std::vector<std::string> files;
  bool help = false;
};

Result<CommandLine> parse_command_line(int argc, char** argv) {
  GROVE_ASSIGN_OR_RETURN(
      Flags flags,
      Flags::parse(argc, argv,
                   {.with_value = {"endpoint", "connections", "max-pending", "retries", "timeout",
                                   "errors-file"},
                    .switches = {"verbose"},
                    .positional = true}));
  CommandLine cl;
  FeedOptions& o = cl.options;
  cl.help = flags.help();
  o.verbose = flags.has("verbose");
  o.endpoint = flags.get("endpoint", o.endpoint);
  cl.errors_file = flags.get("errors-file");
  constexpr int64_t kMaxCount = 1'000'000;
  GROVE_ASSIGN_OR_RETURN(int64_t connections,
                         flags.get_int("connections", static_cast<int64_t>(o.connections), 1, kMaxCount));
  GROVE_ASSIGN_OR_RETURN(int64_t max_pending,
                         flags.get_int("max-pending", static_cast<int64_t>(o.max_pending), 1, kMaxCount));
  GROVE_ASSIGN_OR_RETURN(int64_t retries, flags.get_int("retries", o.retries, 0, kMaxCount));
  GROVE_ASSIGN_OR_RETURN(std::chrono::duration<double> timeout,
                         flags.get_seconds("timeout", o.timeout));
  o.connections = static_cast<decltype(o.connections)>(connections);
  o.max_pending = static_cast<decltype(o.max_pending)>(max_pending);
  o.retries = static_cast<int>(retries);
  o.timeout = std::chrono::duration_cast<Duration>(timeout);
  cl.files = flags.positional();
  if (cl.files.empty()) cl.files.push_back("-");
  return cl;
}

Result<std::vector<std::unique_ptr<FeedInput>>> open_inputs(const std::vector<std::string>& files) {
  std::vector<std::unique_ptr<FeedInput>> inputs;
  for (const std::string& file : files) {
    GROVE_ASSIGN_OR_RETURN(std::unique_ptr<FeedInput> input, open_feed_file(file));
    inputs.push_back(std::move(input));
  }
  return inputs;
}

// Runs the feed once the command line is understood; returns the exit code.
int feed_and_report(const CommandLine& cl, FeedReader& reader, std::FILE* out, std::FILE* err,
                    std::FILE* errors) {
  FeedOptions options = cl.options;
  options.progress_enabled = ::isatty(::fileno(err)) == 1;
  Result<FeedSummary> summary = feed(options, reader, errors, err);
  if (!summary.ok()) {
    fmt::print(err, "grove feed: {}\n", summary.status().message());
    return 2;
  }
  fmt::print(out, "{}\n", summary_json(summary->stats, summary->in_flight, summary->seconds));
  std::fflush(out);
  if (!reader.status().ok()) {
    fmt::print(err, "grove feed: {}\n", reader.status().message());
    return 2;
  }
  return summary->stats.errors == 0 ? 0 : 1;
}

}  // namespace

int run_feed(int argc, char** argv, std::FILE* out, std::FILE* err) {
  Result<CommandLine> cl = parse_command_line(argc, argv);
  if (!cl.ok()) {
    fmt::print(err, "grove feed: {}\n{}", cl.status().message(), kUsage);
    return 2;
  }
  if (cl->help) {
    std::fputs(kUsage, out);
    return 0;
  }
  Result<std::vector<std::unique_ptr<FeedInput>>> inputs = open_inputs(cl->files);
  if (!inputs.ok()) {
    fmt::print(err, "grove feed: {}\n", inputs.status().message());
    return 2;
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> errors_file(nullptr, &std::fclose);
  if (!cl->errors_file.empty()) {
    errors_file.reset(std::fopen(cl->errors_file.c_str(), "w"));
    if (!errors_file) {
      fmt::print(err, "grove feed: cannot write {}: {}\n", cl->errors_file, std::strerror(errno));
      return 2;
    }
  }
  FeedReader reader(std::move(inputs).value());
  return feed_and_report(*cl, reader, out, err, errors_file ? errors_file.get() : err);
}

}  // namespace grove::feed
