// grove-configserver --data-dir DIR [--http-port N] [--base-port N] [--container-port N] [--max-generations N]
//                    [--max-package-mb N] [--max-watches N] [--max-watch-timeout S]
//                    [--ping-interval-ms N] [--ping-timeout-ms N] [--startup-grace-ms N]
//                    [--log-level LEVEL]
//
// The config server and cluster controller (DESIGN §2; docs/deploy-api.md): the deploy API, the
// config long-poll, /cluster/v2, /status and the state API on 127.0.0.1:--http-port (19071).
// It serves the last active generation of its store at start, and runs until SIGTERM or SIGINT.

#include <cstdio>
#include <cstdlib>

#include "config-model/configserver/config_server.h"
#include "services/base/flags.h"
#include "services/base/logging.h"
#include "services/base/stop_signals.h"

namespace {

constexpr const char* kUsage =
    "usage: grove-configserver --data-dir DIR [--http-port N (19071)] [--base-port N (19100)]\n"
    "                          [--container-port N (services.xml's)]\n"
    "                          [--max-generations N (10)] [--max-package-mb N (64)]\n"
    "                          [--max-watches N (1024)] [--max-watch-timeout S (60)]\n"
    "                          [--ping-interval-ms N (1000)] [--ping-timeout-ms N (800)]\n"
    "                          [--startup-grace-ms N (10000)] [--log-level trace|debug|info|warn|error]\n";

[[noreturn]] void usage(const std::string& error) {
  std::fprintf(stderr, "grove-configserver: %s\n%s", error.c_str(), kUsage);
  std::exit(2);
}

grove::configserver::ConfigServerOptions parse_args(int argc, char** argv, std::string& log_level) {
  auto flags = grove::Flags::parse(
      argc - 1, argv + 1,
      {.with_value = {"data-dir", "http-port", "base-port", "container-port", "max-generations", "max-package-mb", "max-watches",
                      "max-watch-timeout", "ping-interval-ms", "ping-timeout-ms", "startup-grace-ms",
                      "log-level"}});
  if (!flags.ok()) usage(flags.status().message());
  if (flags->help()) {
    std::fputs(kUsage, stdout);
    std::exit(0);
  }
  auto number = [&](const char* name, int64_t fallback, int64_t min, int64_t max) {
    auto value = flags->get_int(name, fallback, min, max);
    if (!value.ok()) usage(value.status().message());
    return *value;
  };
  grove::configserver::ConfigServerOptions options;
  options.data_dir = flags->get("data-dir");
  if (options.data_dir.empty()) usage("--data-dir is required");
  options.http_port = static_cast<uint16_t>(number("http-port", 19071, 1, 65535));
  options.plan.base_port = static_cast<uint16_t>(number("base-port", 19100, 1024, 65000));
  options.plan.container_port = static_cast<uint16_t>(number("container-port", 0, 0, 65535));
  options.store.max_generations = static_cast<uint64_t>(number("max-generations", 10, 1, 10000));
  const auto package_mb = static_cast<uint64_t>(number("max-package-mb", 64, 1, 4096));
  options.package.max_archive_bytes = package_mb << 20;
  options.store.max_package_bytes = package_mb << 20;
  options.max_watches = static_cast<size_t>(number("max-watches", 1024, 1, 1 << 20));
  options.max_watch_timeout = std::chrono::seconds(number("max-watch-timeout", 60, 1, 3600));
  if (options.default_watch_timeout > options.max_watch_timeout) options.default_watch_timeout = options.max_watch_timeout;
  options.controller.ping_interval = std::chrono::milliseconds(number("ping-interval-ms", 1000, 10, 60000));
  options.controller.ping_timeout = std::chrono::milliseconds(number("ping-timeout-ms", 800, 5, 60000));
  options.controller.startup_grace = std::chrono::milliseconds(number("startup-grace-ms", 10000, 0, 600000));
  if (options.controller.ping_timeout > options.controller.ping_interval) {
    usage("--ping-timeout-ms must not be longer than --ping-interval-ms");
  }
  log_level = flags->get("log-level", "info");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  std::string log_level;
  grove::configserver::ConfigServerOptions options = parse_args(argc, argv, log_level);
  grove::init_logging("grove-configserver", log_level);
  grove::StopSignals stop_signals;  // before any thread starts
  auto server = grove::configserver::ConfigServer::open(std::move(options));
  if (!server.ok()) {
    GROVE_LOG_ERROR("{}", server.status().to_string());
    return 1;
  }
  grove::Status started = (*server)->start();
  if (!started.ok()) {
    GROVE_LOG_ERROR("{}", started.to_string());
    return 1;
  }
  GROVE_LOG_INFO("signal {}: stopping", stop_signals.wait());
  (*server)->stop();
  GROVE_LOG_INFO("stopped cleanly");
  return 0;
}
