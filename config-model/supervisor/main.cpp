// grove-node --configserver HOST:PORT --data-dir DIR [--http-port N] [--bin-dir DIR] [limits...]
//
// The host supervisor (Vespa's config sentinel): it follows the config server's generations
// and runs the processes of the active generation's plan on this host, starting a dead one
// again with back-off. The flags, the files under DIR and the behaviour are in
// config-model/supervisor/docs/supervisor.md.
//
// HTTP on 127.0.0.1:--http-port: /state/v1/health ("initializing" until the first generation
// runs), /state/v1/metrics, /prometheus/v1/values and /state/v1/processes.
//
// Shutdown on SIGTERM or SIGINT: health says "down", no more generations are taken, every child
// gets SIGTERM (SIGKILL after --stop-grace), processes.json records that none is left, the
// subscriber's poll ends, the HTTP server stops, exit 0. A bad command line exits 2.

#include <cstdio>
#include <filesystem>
#include <string>

#include "config-model/subscription/config_subscriber.h"
#include "config-model/supervisor/supervisor.h"
#include "services/base/flags.h"
#include "services/base/logging.h"
#include "services/base/stop_signals.h"
#include "services/http/http_server.h"
#include "services/http/state_api.h"

namespace {

using namespace std::chrono_literals;
using grove::Result;
using grove::Status;

constexpr const char* kUsage =
    "usage: grove-node --configserver HOST:PORT --data-dir DIR [--http-port N] [--bin-dir DIR]\n"
    "                  [--stop-grace S] [--restart-initial S] [--restart-max S]\n"
    "                  [--restart-reset-after S] [--poll-timeout S] [--config-retry-initial S]\n"
    "                  [--config-retry-max S] [--keep-generations N] [--no-configserver-arg]\n"
    "                  [--log-level trace|debug|info|warn|error]\n";

struct Args {
  grove::supervisor::SupervisorOptions supervisor;
  grove::subscription::SubscriberOptions subscriber;
  uint16_t http_port = 19098;
  std::string log_level = "info";
};

[[noreturn]] void usage(const std::string& error) {
  std::fprintf(stderr, "grove-node: %s\n%s", error.c_str(), kUsage);
  std::exit(2);
}

template <typename T>
T or_usage(Result<T> value) {
  if (!value.ok()) usage(value.status().message());
  return std::move(value).value();
}

std::chrono::milliseconds millis(std::chrono::duration<double> seconds) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(seconds);
}

// "HOST:PORT" into the subscriber's host and port.
void parse_configserver(const std::string& text, grove::subscription::SubscriberOptions& options) {
  auto parsed = grove::subscription::SubscriberOptions::for_configserver(text, options.work_dir);
  if (!parsed.ok()) usage(parsed.status().message());
  options.host = parsed->host;
  options.port = parsed->port;
}

std::string own_directory() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

Args parse_args(int argc, char** argv) {
  auto flags = grove::Flags::parse(
      argc - 1, argv + 1,
      {.with_value = {"configserver", "data-dir", "http-port", "bin-dir", "stop-grace", "restart-initial",
                      "restart-max", "restart-reset-after", "poll-timeout", "config-retry-initial",
                      "config-retry-max", "keep-generations", "log-level"},
       .switches = {"no-configserver-arg"}});
  if (!flags.ok()) usage(flags.status().message());
  if (flags->help()) {
    std::fputs(kUsage, stdout);
    std::exit(0);
  }
  if (!flags->has("configserver")) usage("--configserver is required");
  if (!flags->has("data-dir")) usage("--data-dir is required");
  Args args;
  auto& s = args.supervisor;
  auto& c = args.subscriber;
  parse_configserver(flags->get("configserver"), c);
  s.configserver = flags->get("configserver");
  s.data_dir = std::filesystem::absolute(flags->get("data-dir")).lexically_normal().string();
  s.bin_dir = std::filesystem::absolute(flags->get("bin-dir", own_directory())).lexically_normal().string();
  s.append_configserver = !flags->has("no-configserver-arg");
  args.http_port = static_cast<uint16_t>(or_usage(flags->get_int("http-port", 19098, 1, 65535)));
  args.log_level = flags->get("log-level", "info");
  s.stop_grace = millis(or_usage(flags->get_seconds("stop-grace", 10s, 3600)));
  s.restart.initial = millis(or_usage(flags->get_seconds("restart-initial", 1s, 3600)));
  s.restart.max = millis(or_usage(flags->get_seconds("restart-max", 30s, 86400)));
  s.restart.stable_after = millis(or_usage(flags->get_seconds("restart-reset-after", 60s, 86400)));
  if (s.restart.max < s.restart.initial) usage("--restart-max must not be below --restart-initial");
  c.poll_timeout = std::chrono::seconds(or_usage(flags->get_int("poll-timeout", 5, 1, 60)));
  c.backoff.initial = millis(or_usage(flags->get_seconds("config-retry-initial", 0.2s, 3600)));
  c.backoff.max = millis(or_usage(flags->get_seconds("config-retry-max", 10s, 3600)));
  if (c.backoff.max < c.backoff.initial) usage("--config-retry-max must not be below --config-retry-initial");
  c.keep_generations = static_cast<size_t>(or_usage(flags->get_int("keep-generations", 3, 1, 1000)));
  c.work_dir = s.data_dir + "/config";
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  grove::init_logging("grove-node", args.log_level);
  grove::StopSignals stop_signals;  // before any thread starts

  grove::MetricRegistry metrics;
  grove::supervisor::Supervisor supervisor(args.supervisor, metrics);
  std::atomic<bool> stopping{false};
  grove::http::StateApi state_api(metrics, [&] {
    if (stopping) return grove::http::Health{"down", "stopping"};
    if (supervisor.generation() == 0) return grove::http::Health{"initializing", "waiting for the first generation"};
    return grove::http::Health{"up", ""};
  });
  grove::http::HttpServer http({"127.0.0.1", args.http_port, 1, 64, 1 << 20},
                               [&](grove::http::HttpRequest req, grove::http::HttpResponder respond) {
                                 if (state_api.handle(req, respond)) return;
                                 if (req.path == "/state/v1/processes") {
                                   respond(grove::http::HttpResponse::json(200, supervisor.processes_json()));
                                   return;
                                 }
                                 respond(grove::http::HttpResponse::error(404, "no such path: " + req.path));
                               });
  Status status = http.start();
  if (status.ok()) status = supervisor.start();
  if (!status.ok()) {
    GROVE_LOG_ERROR("{}", status.to_string());
    return 1;
  }
  grove::subscription::ConfigSubscriber subscriber(
      args.subscriber, [&supervisor](const grove::subscription::ConfigSnapshot& snapshot,
                                     grove::subscription::ConfigChange change) {
        if (change == grove::subscription::ConfigChange::kGeneration) supervisor.apply(snapshot);
      });
  status = subscriber.start();
  if (!status.ok()) {
    GROVE_LOG_ERROR("{}", status.to_string());
    return 1;
  }
  GROVE_LOG_INFO("supervising from {} (config server {}:{}, binaries in {}, HTTP on 127.0.0.1:{})",
                 args.supervisor.data_dir, args.subscriber.host, args.subscriber.port, args.supervisor.bin_dir,
                 args.http_port);
  GROVE_LOG_INFO("signal {}: stopping", stop_signals.wait());
  stopping = true;
  subscriber.request_stop();
  supervisor.stop();
  subscriber.stop();
  http.stop();
  GROVE_LOG_INFO("stopped cleanly");
  return 0;
}
