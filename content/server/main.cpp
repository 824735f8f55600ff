// grove-content --data-dir DIR --port N [--http-port N] [--config FILE] [--cluster NAME]
//               [--key N] [--log-level LEVEL]
//
// One content node: the Thrift service on --port and the state API (/state/v1/health,
// /state/v1/metrics, /prometheus/v1/values) on --http-port (default: --port + 1), both on
// 127.0.0.1. Shutdown order on SIGTERM or SIGINT: report "down" on health, stop accepting
// calls, finish the calls in flight, close the stores, stop the state API, exit 0.

#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "content/server/content_server.h"
#include "services/http/state_api.h"
#include "services/base/logging.h"
#include "services/base/parse_number.h"

namespace {

struct Args {
  std::string data_dir;
  std::string config;
  std::string cluster = "content";
  std::string log_level = "info";
  uint16_t port = 0;
  uint16_t http_port = 0;
  uint16_t key = 0;
};

[[noreturn]] void usage(const std::string& error) {
  std::fprintf(stderr,
               "grove-content: %s\n"
               "usage: grove-content --data-dir DIR --port N [--http-port N] [--config FILE]\n"
               "                     [--cluster NAME] [--key N]\n"
               "                     [--log-level trace|debug|info|warn|error]\n",
               error.c_str());
  std::exit(2);
}

template <typename T>
T parse_number(std::string_view flag, std::string_view text) {
  T value{};
  if (!grove::parse_number(text, value)) {
    usage(std::string(flag) + " needs a number, got '" + std::string(text) + "'");
  }
  return value;
}

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) usage(std::string(flag) + " needs a value");
    std::string_view value = argv[++i];
    if (flag == "--data-dir") args.data_dir = value;
    else if (flag == "--config") args.config = value;
    else if (flag == "--cluster") args.cluster = value;
    else if (flag == "--log-level") args.log_level = value;
    else if (flag == "--port") args.port = parse_number<uint16_t>(flag, value);
    else if (flag == "--http-port") args.http_port = parse_number<uint16_t>(flag, value);
    else if (flag == "--key") args.key = parse_number<uint16_t>(flag, value);
    else usage("unknown option " + std::string(flag));
  }
  if (args.data_dir.empty()) usage("--data-dir is required");
  if (args.port == 0) usage("--port is required (1..65535)");
  if (args.http_port == 0) {
    if (args.port == 65535) usage("--http-port is required when --port is 65535");
    args.http_port = static_cast<uint16_t>(args.port + 1);
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  grove::init_logging("grove-content", args.log_level);
  std::error_code ec;
  std::filesystem::create_directories(args.data_dir, ec);
  if (ec) {
    GROVE_LOG_ERROR("cannot create data dir {}: {}", args.data_dir, ec.message());
    return 1;
  }
  // Block the stop signals in every thread; this thread waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto handler = std::make_shared<grove::content::ContentServiceHandler>(
      grove::content::NodeIdentity{args.cluster, args.key, 0}, grove::SystemClock::instance());
  grove::MetricRegistry metrics;
  std::atomic<bool> stopping{false};
  grove::http::StateApi state_api(metrics, [&stopping] {
    return stopping ? grove::http::Health{"down", "stopping"} : grove::http::Health{"up", ""};
  });
  grove::http::HttpServer state_server({"127.0.0.1", args.http_port, 1, 64, 1 << 20},
                                       [&state_api](grove::http::HttpRequest req,
                                                    grove::http::HttpResponder respond) {
    if (!state_api.handle(req, respond)) {
      respond(grove::http::HttpResponse::error(404, "no such path: " + req.path));
    }
  });
  grove::Status status = state_server.start();
  grove::content::ContentServer server({args.port, 4}, handler);
  if (status.ok()) status = server.start();
  if (!status.ok()) {
    GROVE_LOG_ERROR("{}", status.to_string());
    return 1;
  }
  GROVE_LOG_INFO("content node {} of cluster '{}' serving on 127.0.0.1:{} (state API on {})",
                 args.key, args.cluster, args.port, args.http_port);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  GROVE_LOG_INFO("signal {}: stopping", signal_number);
  stopping = true;
  server.stop();
  state_server.stop();
  GROVE_LOG_INFO("stopped cleanly");
  return 0;
}
