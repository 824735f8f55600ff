// grove-content --data-dir DIR --port N (--config FILE | --app DIR [--cluster NAME] [--key N])
//               [--nodes KEY=HOST:PORT,...] [--http-port N] [--configserver HOST:PORT]
//               [--log-level LEVEL]
//
// One content node: the Thrift service on --port and the state API (/state/v1/health,
// /state/v1/metrics, /prometheus/v1/values) on --http-port (default: --port + 1), both on
// 127.0.0.1. --config names the node's JSON config (content/node/docs/node-config.md); --app,
// --cluster and --key give the same without a file, and win over it.
//
// --nodes gives the Thrift endpoint of every content node of the cluster, this one included
// (exactly the cluster's distribution keys, else exit 2 naming the missing or extra key). With
// it the node follows the cluster's placement: it indexes only the buckets it is a ready replica
// of, searches only those it is the active replica of, and acts as distributor (feed_put,
// feed_update, feed_remove) for the buckets it owns, writing to the other replicas directly.
// Without it (in a cluster of several nodes) it stores and searches whatever it is sent, and
// its feed_* calls answer Unavailable naming the flag; a one-node cluster needs no --nodes.
//
// --configserver follows the config server's generations (its long-poll,
// config-model/configserver/docs/config-subscription.md) and adopts each one live (rank profiles,
// summary classes, the cluster's nodes: content/server/live_config.h). Without --app the node
// starts from the active generation (waiting for one, up to 2 minutes, as "initializing"), and
// without --nodes it takes its cluster's endpoints from that generation's process plan.
//
// Start-up: serve pings as "initializing", load the application package, build the placement,
// open the store, rebuild the indexes, then serve every call. Shutdown on SIGTERM or SIGINT: health says "down", the Thrift server
// stops accepting calls and finishes those in flight, the distributor ends its calls to peers,
// the writer drains, the store commits and closes, the state API stops, exit 0.

#include <jemalloc/jemalloc.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/thread_pool.hpp>

#include "content/distributor/bucket_maintainer.h"
#include "content/distributor/distributor.h"
#include "content/node/content_node.h"
#include "content/rpc/local_content_service.h"
#include "content/rpc/node_service.h"
#include "content/server/content_server.h"
#include "content/server/live_config.h"
#include "services/base/flags.h"
#include "services/base/logging.h"
#include "services/base/stop_signals.h"
#include "services/http/state_api.h"

#define GROVE_STRINGIFY_INNER(x) #x
#define GROVE_STRINGIFY(x) GROVE_STRINGIFY_INNER(x)

namespace {

struct Args {
  std::string config, app, cluster, data_dir, nodes, configserver, log_level = "info";
  int key = -1;
  uint16_t port = 0;
  uint16_t http_port = 0;
};

constexpr const char* kUsage =
    "usage: grove-content --data-dir DIR --port N\n"
    "                     (--config FILE | --app DIR [--cluster NAME] [--key N])\n"
    "                     [--nodes KEY=HOST:PORT,...] [--http-port N] [--configserver HOST:PORT]\n"
    "                     [--log-level trace|debug|info|warn|error]\n";

[[noreturn]] void usage(const std::string& error) {
  std::fprintf(stderr, "grove-content: %s\n%s", error.c_str(), kUsage);
  std::exit(2);
}

[[noreturn]] void usage_and_exit_ok() {
  std::fputs(kUsage, stdout);
  std::exit(0);
}

// Exits 2 with the usage on a bad command line; prints it to stdout and exits 0 for --help.
Args parse_args(int argc, char** argv) {
  auto flags = grove::Flags::parse(
      argc - 1, argv + 1,
      {.with_value = {"data-dir", "config", "app", "cluster", "nodes", "log-level", "port",
                      "http-port", "key", "configserver"}});
  if (!flags.ok()) usage(flags.status().message());
  if (flags->help()) usage_and_exit_ok();
  Args args;
  args.data_dir = flags->get("data-dir");
  args.config = flags->get("config");
  args.app = flags->get("app");
  args.cluster = flags->get("cluster");
  args.nodes = flags->get("nodes");
  args.configserver = flags->get("configserver");
  args.log_level = flags->get("log-level", args.log_level);
  auto port = flags->get_int("port", 0, 0, 65535);
  auto http_port = flags->get_int("http-port", 0, 0, 65535);  // 0: --port + 1
  auto key = flags->get_int("key", -1, 0, 65535);
  for (const auto* number : {&port, &http_port, &key}) {
    if (!number->ok()) usage(number->status().message());
  }
  args.port = static_cast<uint16_t>(*port);
  args.http_port = static_cast<uint16_t>(*http_port);
  args.key = static_cast<int>(*key);
  if (args.data_dir.empty()) usage("--data-dir is required");
  if (args.port == 0) usage("--port is required (1..65535)");
  if (args.config.empty() && args.app.empty() && args.configserver.empty()) {
    usage("--config, --app or --configserver is required");
  }
  if (args.http_port == 0) {
    if (args.port == 65535) usage("--http-port is required when --port is 65535");
    args.http_port = static_cast<uint16_t>(args.port + 1);
  }
  return args;
}

grove::Result<grove::content::NodeOptions> node_options(const Args& args) {
  grove::content::NodeOptions options;
  if (!args.config.empty()) {
    GROVE_ASSIGN_OR_RETURN(options, grove::content::NodeOptions::from_file(args.config));
  }
  if (!args.app.empty()) options.application = args.app;
  if (!args.cluster.empty()) options.cluster = args.cluster;
  if (args.key >= 0) options.distribution_key = static_cast<uint16_t>(args.key);
  if (!args.nodes.empty()) {
    GROVE_ASSIGN_OR_RETURN(options.nodes, grove::content::parse_node_endpoints(args.nodes));
  }
  options.data_dir = args.data_dir;
  if (options.application.empty()) {
    return grove::Status::InvalidArgument(args.config + ": \"application\" is missing");
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  grove::init_logging("grove-content", args.log_level);
  grove::StopSignals stop_signals;  // before any thread starts

  // With --configserver: the subscription starts first; without --app the node starts from the
  // active generation.
  std::optional<grove::subscription::ConfigSubscriber> subscriber;
  std::optional<grove::content::LiveConfig> live;
  uint64_t started_with = 0;
  if (!args.configserver.empty()) {
    auto sub_options = grove::subscription::SubscriberOptions::for_configserver(args.configserver,
                                                                                args.data_dir + "/config");
    if (!sub_options.ok()) usage(sub_options.status().message());
    live.emplace();
    subscriber.emplace(*sub_options, [&live](const grove::subscription::ConfigSnapshot& snapshot,
                                            grove::subscription::ConfigChange change) {
      if (change == grove::subscription::ConfigChange::kGeneration) live->offer(snapshot);
    });
    grove::Status started = subscriber->start();
    if (!started.ok()) {
      GROVE_LOG_ERROR("{}", started.to_string());
      return 2;
    }
    if (args.app.empty() && args.config.empty()) {
      if (args.cluster.empty() || args.key < 0) usage("--configserver without --app needs --cluster and --key");
      GROVE_LOG_INFO("waiting for the active generation from the config server at {}", args.configserver);
      auto first = subscriber->fetch_first(grove::Deadline::after(grove::SystemClock::instance(), std::chrono::minutes(2)));
      if (!first.ok()) {
        GROVE_LOG_ERROR("no generation from the config server at {}: {}", args.configserver, first.status().to_string());
        return 1;
      }
      args.app = first->app_dir;
      started_with = first->generation;
      if (args.nodes.empty()) args.nodes = first->plan.content_nodes_arg(args.cluster);
    }
    live->set_started_with(started_with);
  }
  auto options = node_options(args);
  if (!options.ok()) {
    GROVE_LOG_ERROR("{}", options.status().to_string());
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(options->data_dir, ec);
  if (ec) {
    GROVE_LOG_ERROR("cannot create data dir {}: {}", options->data_dir, ec.message());
    return 1;
  }
  grove::MetricRegistry metrics;
  std::atomic<const char*> health{"initializing"};
  grove::http::StateApi state_api(metrics, [&health] {
    return grove::http::Health{health.load(), ""};
  });
  // The node's document and bucket gauges are set when its counts are taken (every ping); a
  // scrape takes them too, so a node no cluster controller pings any more (one a deploy removed,
  // which its supervisor stops once it holds no documents) reports what it holds now.
  std::mutex opened_mutex;  // held while the counts are taken, so that close() waits for it
  grove::content::ContentNode* opened = nullptr;  // guarded by opened_mutex
  grove::http::HttpServer state_server(
      {"127.0.0.1", args.http_port, 1, 64, 1 << 20},
      [&](grove::http::HttpRequest req, grove::http::HttpResponder respond) {
        if (req.path == "/state/v1/metrics" || req.path == "/prometheus/v1/values") {
          std::lock_guard lock(opened_mutex);
          if (opened != nullptr) opened->counts();
        }
        if (!state_api.handle(req, respond)) {
          respond(grove::http::HttpResponse::error(404, "no such path: " + req.path));
        }
      });
  grove::Status status = state_server.start();
  if (!status.ok()) {
    GROVE_LOG_ERROR("{}", status.to_string());
    return 1;
  }
  // The Thrift server starts first, answering pings "initializing" while the node opens, so the
  // cluster controller sees a node rebuilding its indexes as initializing, not down.
  grove::content::NodeService service(grove::SystemClock::instance(), options->distribution_key,
                                      options->cluster);
  grove::content::ContentServer server({args.port, options->rpc_threads}, service);
  status = server.start();
  if (!status.ok()) {
    GROVE_LOG_ERROR("{}", status.to_string());
    return 1;
  }
  auto node = grove::content::ContentNode::open(std::move(options).value(), metrics);
  if (!node.ok()) {
    GROVE_LOG_ERROR("{}", node.status().to_string());
    return 1;
  }
  // Index start-up frees much temporary memory; hand it back to the OS now instead of keeping it
  // in jemalloc's dirty pages for the life of an idle node.
  mallctl("arena." GROVE_STRINGIFY(MALLCTL_ARENAS_ALL) ".purge", nullptr, nullptr, nullptr, 0);
  std::unique_ptr<grove::content::Distributor> distributor =
      grove::content::Distributor::for_node(**node, metrics);
  service.attach(**node, *distributor);
  {
    std::lock_guard lock(opened_mutex);
    opened = node->get();
  }
  // Bucket maintenance reaches this node through an in-process service (no socket), and the
  // others through the distributor's peer clients.
  boost::asio::thread_pool self_pool(2);
  grove::content::LocalContentService self_service(service, self_pool.get_executor(), "local:self");
  const uint16_t self_key = (*node)->options().distribution_key;
  grove::content::ReplicaPeers* peers = distributor->peers();
  grove::content::BucketMaintainer maintainer(
      **node,
      [&](uint16_t key) -> grove::protocol::ContentService* {
        if (key == self_key) return &self_service;
        return peers != nullptr ? peers->service(key) : nullptr;
      },
      [&] {
        std::vector<uint16_t> keys = peers != nullptr ? peers->nodes() : std::vector<uint16_t>{};
        keys.push_back(self_key);
        return keys;
      },
      metrics, (*node)->options().maintenance);
  distributor->set_maintainer(&maintainer);
  maintainer.start();
  if (live) live->attach(**node, *distributor);
  health = "up";
  GROVE_LOG_INFO("content node {} of cluster '{}' serving on 127.0.0.1:{} (state API on {}); {}",
                 (*node)->options().distribution_key, (*node)->cluster(), args.port, args.http_port,
                 (*node)->placement() ? "placement: " + (*node)->placement()->state().to_string()
                                      : std::string("no placement (no --nodes): every bucket ready and active"));
  GROVE_LOG_INFO("signal {}: stopping", stop_signals.wait());
  health = "down";
  {
    std::lock_guard lock(opened_mutex);
    opened = nullptr;
  }
  if (subscriber) subscriber->request_stop();
  if (live) live->detach();
  maintainer.stop();
  self_service.shutdown();
  self_pool.join();
  server.stop();
  distributor->stop();
  (*node)->close();
  state_server.stop();
  if (subscriber) subscriber->stop();
  GROVE_LOG_INFO("stopped cleanly");
  return 0;
}
