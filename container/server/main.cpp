// grove-container --app APP_DIR --port N --nodes "<cluster>:<key>=<host>:<port>,..."
//                 [--io-threads N] [--max-request-bytes N] [--max-document-bytes N]
//                 [--max-feed-in-flight N] [--feed-batch-size N] [--feed-batch-calls N]
//                 [--log-level LEVEL]
//
// One container: /search/, /document/v1/ and the state API on 127.0.0.1:--port, over the
// content nodes given in --nodes (see container/server/docs/search-api.md and
// docs/document-api.md).
//
// Shutdown on SIGTERM or SIGINT: health says "down", new requests get 503, requests in flight
// finish (up to 10 s), the HTTP server and the node clients stop, exit 0.


#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "container/server/container_server.h"
#include "services/base/flags.h"
#include "services/base/logging.h"
#include "services/base/stop_signals.h"

namespace {

struct Args {
  std::string app, nodes, log_level = "info";
  uint16_t port = 8080;
  size_t io_threads = 2;
  size_t max_request_bytes = 64 << 20;
  size_t max_document_bytes = 10 << 20;
  int64_t max_feed_in_flight = 1000;
  size_t feed_batch_size = grove::container::FeedBatchOptions{}.max_batch_size;
  size_t feed_batch_calls = grove::container::FeedBatchOptions{}.max_calls_in_flight;
};

constexpr const char* kUsage =
    "usage: grove-container --app DIR --port N --nodes CLUSTER:KEY=HOST:PORT,...\n"
    "                       [--io-threads N] [--max-request-bytes N]\n"
    "                       [--max-document-bytes N] [--max-feed-in-flight N]\n"
    "                       [--feed-batch-size N] [--feed-batch-calls N]\n"
    "                       [--log-level trace|debug|info|warn|error]\n";

[[noreturn]] void usage(const std::string& error) {
  std::fprintf(stderr, "grove-container: %s\n%s", error.c_str(), kUsage);
  std::exit(2);
}

// The value of a numeric flag in [min, max], or the default; exits 2 naming the flag otherwise.
template <typename T>
T number(const grove::Flags& flags, std::string_view name, T fallback, int64_t min, int64_t max) {
  auto value = flags.get_int(name, static_cast<int64_t>(fallback), min, max);
  if (!value.ok()) usage(value.status().message());
  return static_cast<T>(*value);
}

// Exits 2 with the usage on a bad command line; prints it to stdout and exits 0 for --help.
Args parse_args(int argc, char** argv) {
  auto flags = grove::Flags::parse(
      argc - 1, argv + 1,
      {.with_value = {"app", "nodes", "log-level", "port", "io-threads", "max-request-bytes",
                      "max-document-bytes", "max-feed-in-flight", "feed-batch-size",
                      "feed-batch-calls"}});
  if (!flags.ok()) usage(flags.status().message());
  if (flags->help()) {
    std::fputs(kUsage, stdout);
    std::exit(0);
  }
  Args args;
  args.app = flags->get("app");
  args.nodes = flags->get("nodes");
  args.log_level = flags->get("log-level", args.log_level);
  args.port = number<uint16_t>(*flags, "port", args.port, 0, 65535);
  args.io_threads = number<size_t>(*flags, "io-threads", args.io_threads, 1, 64);
  args.max_request_bytes =
      number<size_t>(*flags, "max-request-bytes", args.max_request_bytes, 1024, INT64_MAX);
  args.max_document_bytes =
      number<size_t>(*flags, "max-document-bytes", args.max_document_bytes, 1, INT64_MAX);
  args.max_feed_in_flight =
      number<int64_t>(*flags, "max-feed-in-flight", args.max_feed_in_flight, 1, INT64_MAX);
  // 0: no batching.
  args.feed_batch_size = number<size_t>(*flags, "feed-batch-size", args.feed_batch_size, 0, 10000);
  args.feed_batch_calls =
      number<size_t>(*flags, "feed-batch-calls", args.feed_batch_calls, 1, 1024);
  if (args.app.empty()) usage("--app is required");
  if (args.nodes.empty()) usage("--nodes is required");
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  grove::init_logging("grove-container", args.log_level);
  grove::StopSignals stop_signals;  // before any thread starts

  auto nodes = grove::container::parse_node_addresses(args.nodes);
  if (!nodes.ok()) usage(nodes.status().message());
  grove::container::ContainerOptions options;
  options.app_dir = args.app;
  options.port = args.port;
  options.nodes = std::move(nodes).value();
  options.io_threads = args.io_threads;
  options.max_request_bytes = args.max_request_bytes;
  options.document_api.max_document_bytes = args.max_document_bytes;
  options.document_api.max_in_flight = args.max_feed_in_flight;
  options.document_api.batching.max_batch_size = args.feed_batch_size;
  options.document_api.batching.max_calls_in_flight = args.feed_batch_calls;
  auto server = grove::container::ContainerServer::create(std::move(options));
  if (!server.ok()) {
    GROVE_LOG_ERROR("{}", server.status().to_string());
    return 2;
  }
  grove::Status status = (*server)->start();
  if (!status.ok()) {
    GROVE_LOG_ERROR("{}", status.to_string());
    return 1;
  }
  GROVE_LOG_INFO("grove-container serving on 127.0.0.1:{}", (*server)->port());
  GROVE_LOG_INFO("signal {}: shutting down", stop_signals.wait());
  (*server)->stop();
  GROVE_LOG_INFO("stopped");
  return 0;
}
