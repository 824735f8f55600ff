#include "container/feed/feed_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "container/feed/feeder.h"

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

Result<uint64_t> parse_count(std::string_view flag, std::string_view text, uint64_t min) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > 1'000'000) {
    return Status::InvalidArgument(
        fmt::format("{} takes a whole number from {} to 1000000, not '{}'", flag, min, text));
  }
  return value;
}

Result<Duration> parse_seconds(std::string_view flag, const std::string& text) {
  char* end = nullptr;
  double seconds = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(seconds) || seconds <= 0 || seconds > 1e6) {
    return Status::InvalidArgument(fmt::format("{} takes a positive number of seconds, not '{}'",
                                               flag, text));
  }
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

Status apply_flag(CommandLine& cl, std::string_view flag, const std::string& value) {
  FeedOptions& o = cl.options;
  if (flag == "--endpoint") {
    o.endpoint = value;
  } else if (flag == "--connections") {
    GROVE_ASSIGN_OR_RETURN(o.connections, parse_count(flag, value, 1));
  } else if (flag == "--max-pending") {
    GROVE_ASSIGN_OR_RETURN(o.max_pending, parse_count(flag, value, 1));
  } else if (flag == "--retries") {
    GROVE_ASSIGN_OR_RETURN(uint64_t retries, parse_count(flag, value, 0));
    o.retries = static_cast<int>(retries);
  } else if (flag == "--timeout") {
    GROVE_ASSIGN_OR_RETURN(o.timeout, parse_seconds(flag, value));
  } else if (flag == "--errors-file") {
    cl.errors_file = value;
  } else {
    return Status::InvalidArgument(fmt::format("unknown option {}", flag));
  }
  return Status::Ok();
}

Result<CommandLine> parse_command_line(int argc, char** argv) {
  CommandLine cl;
  for (int i = 0; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--help" || word == "-h") {
      cl.help = true;
    } else if (word == "--verbose") {
      cl.options.verbose = true;
    } else if (word.size() > 2 && word.starts_with("--")) {
      if (i + 1 >= argc) return Status::InvalidArgument(fmt::format("{} needs a value", word));
      GROVE_RETURN_IF_ERROR(apply_flag(cl, word, argv[++i]));
    } else {
      cl.files.push_back(std::move(word));
    }
  }
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
