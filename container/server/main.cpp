// grove-container --app APP_DIR --port N --nodes "<cluster>:<key>=<host>:<port>,..."
//                 [--io-threads N] [--max-request-bytes N] [--max-document-bytes N]
//                 [--max-feed-in-flight N] [--feed-batch-size N] [--feed-batch-calls N]
//                 [--configserver HOST:PORT [--work-dir DIR]] [--log-level LEVEL]
//
// One container: /search/, /document/v1/ and the state API on 127.0.0.1:--port, over the
// content nodes given in --nodes (see container/server/docs/search-api.md and
// docs/document-api.md).
//
// --configserver follows the config server (config-model/configserver/docs/config-subscription.md):
// the cluster controller's states take nodes out of dispatch and route writes, and each new
// generation is adopted live (ContainerServer::reconfigure: groups, dispatch tuning, schemas,
// node addresses from the process plan). Packages are unpacked under --work-dir (default
// $TMPDIR/grove-container-<port>).
//
// Shutdown on SIGTERM or SIGINT: health says "down", new requests get 503, requests in flight
// finish (up to 10 s), the HTTP server and the node clients stop, exit 0.


#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <filesystem>
#include <mutex>
#include <optional>

#include "config-model/subscription/config_subscriber.h"
#include "container/server/container_server.h"
#include "services/base/flags.h"
#include "services/base/logging.h"
#include "services/base/stop_signals.h"

namespace {

struct Args {
  std::string app, nodes, configserver, work_dir, log_level = "info";
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
    "                       [--configserver HOST:PORT [--work-dir DIR]]\n"
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
                      "feed-batch-calls", "configserver", "work-dir"}});
  if (!flags.ok()) usage(flags.status().message());
  if (flags->help()) {
    std::fputs(kUsage, stdout);
    std::exit(0);
  }
  Args args;
  args.app = flags->get("app");
  args.nodes = flags->get("nodes");
  args.configserver = flags->get("configserver");
  args.work_dir = flags->get("work-dir");
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

// Hands what the config subscription delivers to the container once it serves (the subscription
// may deliver before). Thread-safe.
class LiveContainer {
 public:
  void offer(const grove::subscription::ConfigSnapshot& snapshot, grove::subscription::ConfigChange change) {
    std::lock_guard lock(mutex_);
    latest_ = snapshot;
    if (change == grove::subscription::ConfigChange::kGeneration) generation_changed_ = true;
    if (server_ != nullptr) apply();
  }
  void attach(grove::container::ContainerServer& server) {
    std::lock_guard lock(mutex_);
    server_ = &server;
    if (latest_) apply();
  }
  void detach() {
    std::lock_guard lock(mutex_);
    server_ = nullptr;
  }

 private:
  void apply() {
    if (generation_changed_ && latest_->generation > applied_) {
      auto nodes = grove::container::parse_node_addresses(latest_->plan.all_content_nodes_arg());
      grove::Status status = nodes.ok() ? server_->reconfigure(latest_->app_dir, std::move(*nodes), latest_->generation)
                                        : nodes.status();
      if (status.ok()) {
        applied_ = latest_->generation;
      } else {
        GROVE_LOG_WARN("generation {} is not adopted: {}", latest_->generation, status.to_string());
      }
    }
    generation_changed_ = false;
    for (const auto& [cluster, info] : latest_->cluster_states) {
      auto state = grove::distribution::ClusterState::parse(info.state);
      grove::Status status = state.ok() ? server_->set_cluster_state(cluster, *state) : state.status();
      if (!status.ok() && status.code() != grove::StatusCode::kNotFound) {
        GROVE_LOG_WARN("cluster state {} of '{}': {}", info.version, cluster, status.to_string());
      }
    }
  }

  std::mutex mutex_;
  grove::container::ContainerServer* server_ = nullptr;
  std::optional<grove::subscription::ConfigSnapshot> latest_;
  bool generation_changed_ = false;
  uint64_t applied_ = 0;  // 0: the --app package, whose generation is not known
};

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
  LiveContainer live;
  std::optional<grove::subscription::ConfigSubscriber> subscriber;
  if (!args.configserver.empty()) {
    const std::string work_dir = !args.work_dir.empty()
                                     ? args.work_dir
                                     : (std::filesystem::temp_directory_path() /
                                        ("grove-container-" + std::to_string((*server)->port()))).string();
    auto sub_options = grove::subscription::SubscriberOptions::for_configserver(args.configserver, work_dir);
    if (!sub_options.ok()) usage(sub_options.status().message());
    sub_options->watch_cluster_states = true;
    subscriber.emplace(*sub_options, [&live](const grove::subscription::ConfigSnapshot& snapshot,
                                            grove::subscription::ConfigChange change) { live.offer(snapshot, change); });
    grove::Status sub_started = subscriber->start();
    if (!sub_started.ok()) {
      GROVE_LOG_ERROR("{}", sub_started.to_string());
      return 2;
    }
    live.attach(**server);
  }
  GROVE_LOG_INFO("signal {}: shutting down", stop_signals.wait());
  if (subscriber) subscriber->request_stop();
  live.detach();
  (*server)->stop();
  if (subscriber) subscriber->stop();
  GROVE_LOG_INFO("stopped");
  return 0;
}
