#pragma once

// ConfigServer: grove-configserver (DESIGN §2). It takes application packages over Vespa's
// deploy API, validates them with config-model, stores each generation durably in LMDB
// (config-model/deploy/generation_store.h), and serves the active one to every other process
// through a long-poll (docs/config-subscription.md). It runs the cluster controller
// (config-model/controller) over the active generation's content clusters and serves its
// /cluster/v2 API, and the state API. The HTTP API is in docs/deploy-api.md.
//
// A deploy (POST .../prepareandactivate) runs on the server's own deploy thread, one at a time:
// unpack (hostile input: deploy::unpack_package), load and validate the model, compare it with
// the active one (deploy::compute_deploy_change; data-loss changes need validation-overrides),
// plan the processes (ports stable across generations), store, activate, prune, hand the new
// model to the controller, and wake every long-poll. Nothing changes unless every step passed.
//
// Restart: open() reads the store and serves the last active generation; the controller
// rebuilds node states from pings before it publishes (never "everything down" unheard).
//
// Usage:
//   auto server = ConfigServer::open(options);   // reads the store, restores the active generation
//   GROVE_RETURN_IF_ERROR((*server)->start());   // HTTP, the controller, the deploy thread
//   ...
//   (*server)->stop();
//
// Thread-safe; stop() is idempotent and also run by the destructor.

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config-model/controller/cluster_controller.h"
#include "config-model/deploy/generation_store.h"
#include "config-model/deploy/package_archive.h"
#include "config-model/deploy/process_plan.h"
#include "config-model/model/application_model.h"
#include "services/http/http_server.h"
#include "services/http/state_api.h"
#include "services/metrics/metrics.h"

namespace grove::configserver {

// The self-contained HTML of /status (status_page.cpp).
std::string_view status_page_html();

struct ConfigServerOptions {
  std::string data_dir;  // the generation store, unpacked packages; created when missing
  std::string address = "127.0.0.1";
  uint16_t http_port = 19071;  // 0: any free port (see port())
  size_t http_threads = 2;
  size_t max_connections = 1024;
  deploy::PackageLimits package;  // the deploy body is at most package.max_archive_bytes
  deploy::GenerationStoreOptions store;
  deploy::ProcessPlanOptions plan;
  controller::ControllerOptions controller;
  size_t max_watches = 1024;                        // long-polls waiting at once; more get 503
  std::chrono::seconds max_watch_timeout{60};       // the longest ?timeout= a long-poll may ask
  std::chrono::seconds default_watch_timeout{30};
  size_t unpacked_generations = 3;  // unpacked packages kept on disk (the active one always)
};

class ConfigServer {
 public:
  // Opens the store under options.data_dir and restores its active generation (unpacked again
  // from the stored bytes). Errors name the store or the stored generation that cannot be read.
  static Result<std::unique_ptr<ConfigServer>> open(ConfigServerOptions options);
  ~ConfigServer();
  ConfigServer(const ConfigServer&) = delete;
  ConfigServer& operator=(const ConfigServer&) = delete;

  // Starts the deploy thread, the cluster controller and the HTTP server; IoError when the
  // port is taken.
  Status start();
  void stop();
  uint16_t port() const { return http_->port(); }

  // The active generation's number; 0 before the first deploy.
  uint64_t active_generation() const;

  struct Active;  // the active generation: model, plan, package location
  struct Watch;   // one waiting long-poll

 private:
  explicit ConfigServer(ConfigServerOptions options);
  Status restore();
  void handle(http::HttpRequest request, http::HttpResponder respond);
  void handle_application(const http::HttpRequest& request, const http::HttpResponder& respond);
  void handle_cluster_v2(const http::HttpRequest& request, const http::HttpResponder& respond);
  void handle_watch(const http::HttpRequest& request, const http::HttpResponder& respond);
  void handle_status_json(const http::HttpRequest& request, const http::HttpResponder& respond);
  // The deploy, on the deploy thread.
  http::HttpResponse deploy(const http::HttpRequest& request);
  // Unpacks generation `number`'s package under data_dir/apps/ and loads its model.
  Result<std::shared_ptr<const Active>> load_generation(uint64_t number, std::string_view package,
                                                        std::string_view content_type,
                                                        std::string config_json);
  Status activate(std::shared_ptr<const Active> active);
  void remove_old_unpacked(uint64_t keep_from);
  Status make_controller(const config::ApplicationModel& model);
  std::shared_ptr<const Active> active() const;
  // The watch reply for the active generation and the published cluster states.
  std::string watch_body() const;
  // Answers every long-poll that the current generation or states satisfy. Work thread.
  void wake_watches();
  // Registers with the controller, per cluster not yet followed, to wake the long-polls when its
  // published state changes; each registration re-arms itself after it fires. Work thread.
  void arm_state_waiters();
  bool satisfied(const Watch& watch) const;
  http::Health health() const;
  // The documents per bucket of the content clusters (for the expected data movement), from the
  // controller's latest pings: the average over clusters of total documents / redundancy / 2^16.
  double documents_per_bucket() const;

  ConfigServerOptions options_;
  MetricRegistry metrics_;
  std::unique_ptr<deploy::GenerationStore> store_;
  std::unique_ptr<controller::ClusterController> controller_;  // null before the first deploy
  // The plan the controller's connect function reads ports from: the generation being
  // activated (set before the controller is given its model).
  std::atomic<std::shared_ptr<const deploy::ProcessPlan>> connect_plan_;
  mutable std::mutex mutex_;  // guards active_ and controller_
  std::shared_ptr<const Active> active_;
  std::vector<std::shared_ptr<Watch>> watches_;  // work thread only
  std::set<std::string> armed_;                   // clusters followed; work thread only
  boost::asio::io_context work_io_;  // deploys and long-poll timers; one thread
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_guard_;
  std::thread work_thread_;
  boost::asio::io_context rpc_io_;  // the controller's Thrift clients
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> rpc_guard_;
  std::thread rpc_thread_;
  std::unique_ptr<http::StateApi> state_api_;
  std::unique_ptr<http::HttpServer> http_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> stopped_{false};
  std::atomic<bool> started_{false};
  Counter* deploys_ok_ = nullptr;
  Counter* deploys_refused_ = nullptr;
  Gauge* generation_gauge_ = nullptr;
  Gauge* watches_gauge_ = nullptr;
};

}  // namespace grove::configserver
