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


#include <cstdio>
#include <string>
#include <string_view>

#include "container/server/container_server.h"
#include "services/base/logging.h"
#include "services/base/parse_number.h"
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

[[noreturn]] void usage(const std::string& error) {
  std::fprintf(stderr,
               "grove-container: %s\n"
               "usage: grove-container --app DIR --port N --nodes CLUSTER:KEY=HOST:PORT,...\n"
               "                       [--io-threads N] [--max-request-bytes N]\n"
               "                       [--max-document-bytes N] [--max-feed-in-flight N]\n"
               "                       [--feed-batch-size N] [--feed-batch-calls N]\n"
               "                       [--log-level trace|debug|info|warn|error]\n",
               error.c_str());
  std::exit(2);
}

template <typename T>
T number(std::string_view flag, std::string_view text) {
  T value{};
  if (!grove::parse_number(text, value)) usage(std::string(flag) + " needs a number, got '" + std::string(text) + "'");
  return value;
}

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) usage(std::string(flag) + " needs a value");
    std::string_view value = argv[++i];
    if (flag == "--app") args.app = value;
    else if (flag == "--nodes") args.nodes = value;
    else if (flag == "--log-level") args.log_level = value;
    else if (flag == "--port") args.port = number<uint16_t>(flag, value);
    else if (flag == "--io-threads") args.io_threads = number<size_t>(flag, value);
    else if (flag == "--max-request-bytes") args.max_request_bytes = number<size_t>(flag, value);
    else if (flag == "--max-document-bytes") args.max_document_bytes = number<size_t>(flag, value);
    else if (flag == "--max-feed-in-flight") args.max_feed_in_flight = number<int64_t>(flag, value);
    else if (flag == "--feed-batch-size") args.feed_batch_size = number<size_t>(flag, value);
    else if (flag == "--feed-batch-calls") args.feed_batch_calls = number<size_t>(flag, value);
    else usage("unknown option " + std::string(flag));
  }
  if (args.app.empty()) usage("--app is required");
  if (args.nodes.empty()) usage("--nodes is required");
  if (args.io_threads == 0 || args.io_threads > 64) usage("--io-threads must be 1..64");
  if (args.max_request_bytes < 1024) usage("--max-request-bytes must be at least 1024");
  if (args.max_document_bytes == 0) usage("--max-document-bytes must be positive");
  if (args.max_feed_in_flight < 1) usage("--max-feed-in-flight must be at least 1");
  if (args.feed_batch_size > 10000) usage("--feed-batch-size must be 0..10000 (0: no batching)");
  if (args.feed_batch_calls < 1 || args.feed_batch_calls > 1024) usage("--feed-batch-calls must be 1..1024");
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
