#pragma once

// ContainerServer: one grove-container process (DESIGN §2, §5, §7): the search API on HTTP
// (/search/), the document API (/document/v1/, docs/document-api.md), the state API
// (/state/v1/health, /state/v1/metrics, /prometheus/v1/values), and a SearchCluster per content
// cluster of the package, pinged every second; the document API shares its node clients.
//
// Usage:
//   auto server = ContainerServer::create(options);   // loads the package
//   GROVE_RETURN_IF_ERROR((*server)->start());
//   ... wait for SIGTERM ...
//   (*server)->stop();
//
// Health: "initializing" until the first round of pings has been answered, then "up"; "down"
// once stop() begins.
//
// Live configuration (grove-container --configserver): set_cluster_state() follows the cluster
// controller's state; reconfigure() adopts a new generation of the package: new search
// clusters, groups, dispatch tuning, schemas and document routes are built beside the serving
// ones, pinged once, and then take the requests that arrive after; the requests in flight finish
// on the generation they started with, whose node clients are shut down once the last of them
// has answered.
//
// Shutdown order (stop()): new search and document requests are answered 503; requests in
// flight are given up to `drain_timeout` to finish; the HTTP server stops; the pinger stops; the node clients end
// their calls; the I/O threads are joined. Thread-safe; stop() is idempotent.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config-model/model/application_model.h"
#include "container/document/document_handler.h"
#include "container/server/node_address.h"
#include "container/dispatch/search_cluster.h"
#include "container/server/search_handler.h"
#include "services/http/http_server.h"
#include "services/http/state_api.h"
#include "services/metrics/metrics.h"

namespace grove::container {

struct ContainerOptions {
  std::string app_dir;
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  std::vector<NodeAddress> nodes;
  // How content nodes are reached. Empty (grove-container): a Thrift client to the address
  // `nodes` gives each. Tests and benchmarks pass in-process nodes (content/rpc/local_cluster.h).
  SearchCluster::Connect connect;
  size_t io_threads = 2;
  Duration ping_interval = std::chrono::seconds(1);
  Duration ping_timeout = std::chrono::milliseconds(800);
  Duration drain_timeout = std::chrono::seconds(10);
  // A generation that changes which nodes share a leaf group (flat to grouped, say) serves once
  // the content nodes report the new layout activated (SearchCluster::activation_complete), so
  // that no query goes to a group covering a part; after this long it serves anyway.
  Duration layout_switch_timeout = std::chrono::seconds(120);
  size_t max_request_bytes = 64 << 20;  // larger request bodies are answered 413
  DocumentApiOptions document_api;
};

class ContainerServer {
 public:
  // Loads the package; InvalidArgument with the package's errors, or when a content node has no
  // address in options.nodes.
  static Result<std::unique_ptr<ContainerServer>> create(ContainerOptions options);
  ~ContainerServer();
  ContainerServer(const ContainerServer&) = delete;
  ContainerServer& operator=(const ContainerServer&) = delete;

  // Starts the I/O threads, the pinger and the HTTP server; IoError if the port is taken.
  Status start();
  void stop();
  uint16_t port() const { return http_->port(); }

  // Adopts a new generation of the application: `app_dir` holds it and `nodes` is every content
  // node's address in it (for the Thrift connect; ignored when options.connect is set). Returns
  // once the new generation is built; it serves after its first round of pings. InvalidArgument
  // with the package's errors, or when a node has no address; the serving generation stays.
  Status reconfigure(const std::string& app_dir, std::vector<NodeAddress> nodes, uint64_t generation);
  // The generation serving now (0 for the package the container was created from).
  uint64_t generation() const;

  // Follows the cluster controller's state of content cluster `cluster`: queries skip the nodes
  // it takes out (SearchCluster::set_cluster_state) and writes route by it. States not newer
  // than the one held are ignored. NotFound for a cluster the package lacks; what adopt_state
  // answers for a state that leaves a bucket without an owner.
  Status set_cluster_state(const std::string& cluster, const distribution::ClusterState& state);

 private:
  struct Serving;
  explicit ContainerServer(ContainerOptions options);
  // The search clusters, handlers and routes of one generation of the model.
  Result<std::shared_ptr<Serving>> build_serving(std::shared_ptr<const config::ApplicationModel> model,
                                                 std::vector<NodeAddress> nodes, uint64_t generation);
  Status make_http();
  // Shuts down the node clients of retired generations that have no request in flight.
  void reap_retired();
  void handle(http::HttpRequest request, http::HttpResponder respond);
  // Counts the request in flight (in all, and in its generation) until `respond` has run.
  http::HttpResponder track(std::shared_ptr<Serving> serving, http::HttpResponder respond);
  void schedule_ping();
  // After the first ping round of `next`: swaps it in once every cluster of it whose layout
  // differs from the serving one's has completed activation, or at `until`; re-pings those
  // clusters every 250 ms meanwhile.
  void swap_when_activated(std::shared_ptr<Serving> next, std::vector<SearchCluster*> relayout,
                           std::chrono::steady_clock::time_point until);
  void swap_in(std::shared_ptr<Serving> next);
  // /document/v1 moves to `next` (when it is newer than the one it runs on).
  void write_with(const std::shared_ptr<Serving>& next);
  void write_with_locked(const std::shared_ptr<Serving>& next);  // under generations_mutex_
  http::Health health() const;

  ContainerOptions options_;
  MetricRegistry metrics_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  std::atomic<std::shared_ptr<Serving>> serving_;  // never null after create()
  // The generation /document/v1 runs on: the newest one once its nodes answered a first ping,
  // while searches may stay on serving_ until a new layout is activated. Writes follow the
  // nodes' config at once, so that they reach the distributors that now own their buckets.
  // Never null after create(); as new as serving_ or newer.
  std::atomic<std::shared_ptr<Serving>> writing_;
  std::mutex generations_mutex_;  // serializes reconfigure(); guards retired_ and states_
  std::vector<std::shared_ptr<Serving>> retired_;  // kept until stop(); clients shut down when idle
  // Every generation that took the document API, kept until the server goes: an older one's
  // routers hand resent writes over to it (DocumentRouter::hand_over_to).
  std::vector<std::shared_ptr<Serving>> handed_over_;
  std::map<std::string, distribution::ClusterState> states_;  // the newest state per cluster
  std::unique_ptr<http::StateApi> state_api_;
  std::unique_ptr<http::HttpServer> http_;
  boost::asio::strand<boost::asio::io_context::executor_type> ping_strand_;
  boost::asio::steady_timer ping_timer_;  // used on ping_strand_ only
  std::atomic<bool> pinged_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> stopped_{false};
  // Invariant: counts requests handed to handle() that have not yet been answered.
  std::atomic<int64_t> in_flight_{0};
};

}  // namespace grove::container
