#include "container/server/container_server.h"

#include <boost/asio/post.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "services/base/logging.h"
#include "services/base/thread_name.h"
#include "services/rpc/thrift_content_client.h"

namespace grove::container {

namespace {

std::string diagnostics_text(const config::ApplicationModel::LoadOutput& out) {
  std::string text;
  for (const config::Diagnostic& d : out.diagnostics) text += "\n  " + d.to_string();
  return text;
}

}  // namespace

struct ContainerServer::Serving {
  uint64_t generation = 0;
  std::shared_ptr<const config::ApplicationModel> model;
  std::vector<NodeAddress> nodes;
  std::vector<std::unique_ptr<SearchCluster>> clusters;
  std::unique_ptr<SearchHandler> search;
  std::unique_ptr<DocumentHandler> documents;
  std::atomic<int64_t> in_flight{0};
  bool shut_down = false;  // guarded by generations_mutex_ once retired

  // A cluster state reaches both halves of the generation: the search cluster (which nodes are
  // in service) and the document router (which distributor owns a bucket). An older version
  // than the one a half has is ignored by it.
  Status set_cluster_state(const std::string& cluster, const distribution::ClusterState& state) {
    for (auto& c : clusters) {
      if (c->id() == cluster) c->set_cluster_state(state);
    }
    return documents->set_cluster_state(cluster, state);
  }
};

Result<std::unique_ptr<ContainerServer>> ContainerServer::create(ContainerOptions options) {
  config::ApplicationModel::LoadOutput loaded = config::ApplicationModel::load(options.app_dir);
  if (!loaded.ok()) {
    return Status::InvalidArgument(
        fmt::format("cannot load the application package {}:{}", options.app_dir, diagnostics_text(loaded)));
  }
  std::unique_ptr<ContainerServer> server(new ContainerServer(std::move(options)));
  auto model = std::make_shared<const config::ApplicationModel>(std::move(*loaded.model));
  GROVE_ASSIGN_OR_RETURN(auto serving, server->build_serving(std::move(model), server->options_.nodes, 0));
  server->writing_.store(serving);
  server->serving_.store(std::move(serving));
  GROVE_RETURN_IF_ERROR(server->make_http());
  return server;
}

ContainerServer::ContainerServer(ContainerOptions options)
    : options_(std::move(options)), ping_strand_(boost::asio::make_strand(io_)), ping_timer_(ping_strand_) {}

ContainerServer::~ContainerServer() { stop(); }

Result<std::shared_ptr<ContainerServer::Serving>> ContainerServer::build_serving(
    std::shared_ptr<const config::ApplicationModel> model, std::vector<NodeAddress> nodes, uint64_t generation) {
  auto serving = std::make_shared<Serving>();
  serving->generation = generation;
  serving->model = std::move(model);
  serving->nodes = std::move(nodes);
  uint64_t seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  // Unless the options say otherwise, every content node is reached over Thrift, with the
  // address the generation gives it.
  const std::vector<NodeAddress>& addresses = serving->nodes;
  SearchCluster::Connect connect = options_.connect ? options_.connect : [this, &addresses](const std::string& cluster, uint16_t key)
      -> Result<std::unique_ptr<protocol::ContentService>> {
    auto address = std::find_if(addresses.begin(), addresses.end(), [&](const NodeAddress& a) {
      return a.cluster == cluster && a.key == key;
    });
    if (address == addresses.end()) {
      return Status::InvalidArgument(fmt::format("no address for content node {}:{} in --nodes", cluster, key));
    }
    return std::unique_ptr<protocol::ContentService>(
        std::make_unique<rpc::ThriftContentClient>(io_, address->host, address->port));
  };
  std::vector<SearchCluster*> borrowed;
  for (const config::ContentCluster& cluster : serving->model->content_clusters()) {
    GROVE_ASSIGN_OR_RETURN(auto built, SearchCluster::create(cluster, connect, metrics_, seed++));
    borrowed.push_back(built.get());
    serving->clusters.push_back(std::move(built));
  }
  serving->search = std::make_unique<SearchHandler>(*serving->model, borrowed, metrics_);
  GROVE_ASSIGN_OR_RETURN(serving->documents, DocumentHandler::create(*serving->model, std::move(borrowed), io_,
                                                                     metrics_, options_.document_api));
  return serving;
}

Status ContainerServer::make_http() {
  state_api_ = std::make_unique<http::StateApi>(metrics_, [this] { return health(); });
  http::HttpServerOptions http_options;
  http_options.address = options_.address;
  http_options.port = options_.port;
  http_options.threads = options_.io_threads;
  http_options.max_request_bytes = options_.max_request_bytes;
  http_ = std::make_unique<http::HttpServer>(
      http_options, [this](http::HttpRequest req, http::HttpResponder respond) {
        handle(std::move(req), std::move(respond));
      });
  return Status::Ok();
}

Status ContainerServer::reconfigure(const std::string& app_dir, std::vector<NodeAddress> nodes, uint64_t generation) {
  config::ApplicationModel::LoadOutput loaded = config::ApplicationModel::load(app_dir);
  if (!loaded.ok()) {
    return Status::InvalidArgument(
        fmt::format("cannot load generation {} from {}:{}", generation, app_dir, diagnostics_text(loaded)));
  }
  std::lock_guard lock(generations_mutex_);
  if (stopping_.load()) return Status::Unavailable("the container is stopping");
  auto model = std::make_shared<const config::ApplicationModel>(std::move(*loaded.model));
  GROVE_ASSIGN_OR_RETURN(std::shared_ptr<Serving> next, build_serving(std::move(model), std::move(nodes), generation));
  for (auto& cluster : next->clusters) {
    auto state = states_.find(cluster->id());
    if (state == states_.end()) continue;
    Status routed = next->set_cluster_state(cluster->id(), state->second);
    if (!routed.ok()) GROVE_LOG_WARN("generation {}: cluster state of '{}': {}", generation, cluster->id(), routed.to_string());
  }
  // It serves once its nodes have answered a first ping, so that coverage is known, and once the
  // clusters whose layout changed are activated in the new one.
  std::vector<SearchCluster*> relayout;
  std::shared_ptr<Serving> current = serving_.load();
  for (auto& cluster : next->clusters) {
    for (auto& old : current->clusters) {
      if (old->id() == cluster->id() && old->layout_id() != cluster->layout_id()) relayout.push_back(cluster.get());
    }
  }
  auto remaining = std::make_shared<std::atomic<size_t>>(next->clusters.size());
  const auto until = std::chrono::steady_clock::now() + options_.layout_switch_timeout;
  auto swap = [this, next, relayout, until] {
    write_with(next);
    swap_when_activated(next, relayout, until);
  };
  if (next->clusters.empty()) {
    writing_.store(next);
    serving_.store(next);  // nothing to ping; see swap() for the usual path
    return Status::Ok();
  }
  for (auto& cluster : next->clusters) {
    cluster->ping_all(options_.ping_timeout, [remaining, swap] {
      if (remaining->fetch_sub(1) == 1) swap();
    });
  }
  return Status::Ok();
}

void ContainerServer::write_with(const std::shared_ptr<Serving>& next) {
  std::lock_guard lock(generations_mutex_);
  if (stopping_.load()) return;
  write_with_locked(next);
}

void ContainerServer::write_with_locked(const std::shared_ptr<Serving>& next) {
  if (next->generation <= writing_.load()->generation) return;
  // The states that arrived since `next` was built.
  for (auto& cluster : next->clusters) {
    auto state = states_.find(cluster->id());
    if (state != states_.end()) (void)next->set_cluster_state(cluster->id(), state->second);
  }
  writing_.load()->documents->hand_over_to(*next->documents);
  handed_over_.push_back(next);
  writing_.store(next);
  metrics_.gauge("container_writing_generation", "The config generation /document/v1 runs on")
      .set(static_cast<double>(next->generation));
  GROVE_LOG_INFO("generation {} takes the document API", next->generation);
}

void ContainerServer::swap_in(std::shared_ptr<Serving> next) {
  std::lock_guard lock(generations_mutex_);
  if (stopping_.load()) return;
  if (next->generation < serving_.load()->generation) return;  // a newer one serves already
  write_with_locked(next);
  metrics_.gauge("container_serving_generation", "The config generation searches run on")
      .set(static_cast<double>(next->generation));
  std::shared_ptr<Serving> old = serving_.exchange(next);
  retired_.push_back(std::move(old));
  GROVE_LOG_INFO("generation {} serves ({} content clusters)", next->generation, next->clusters.size());
}

void ContainerServer::swap_when_activated(std::shared_ptr<Serving> next, std::vector<SearchCluster*> relayout,
                                          std::chrono::steady_clock::time_point until) {
  if (stopping_.load()) return;
  bool ready = true;
  for (SearchCluster* c : relayout) ready = ready && c->activation_complete();
  if (ready || std::chrono::steady_clock::now() >= until) {
    if (!ready) {
      GROVE_LOG_WARN("generation {}: the content nodes did not report the new layout activated within {} s; "
                     "serving it anyway", next->generation,
                     std::chrono::duration_cast<std::chrono::seconds>(options_.layout_switch_timeout).count());
    }
    swap_in(std::move(next));
    return;
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(250));
  timer->async_wait([this, timer, next, relayout, until](boost::system::error_code ec) {
    if (ec || stopping_.load()) return;
    auto remaining = std::make_shared<std::atomic<size_t>>(relayout.size());
    for (SearchCluster* c : relayout) {
      c->ping_all(options_.ping_timeout, [this, remaining, next, relayout, until] {
        if (remaining->fetch_sub(1) == 1) swap_when_activated(next, relayout, until);
      });
    }
  });
}

uint64_t ContainerServer::generation() const { return serving_.load()->generation; }

void ContainerServer::reap_retired() {
  std::lock_guard lock(generations_mutex_);
  for (auto& old : retired_) {
    if (old->shut_down || old->in_flight.load() > 0) continue;
    for (auto& cluster : old->clusters) cluster->shutdown();
    old->shut_down = true;
  }
}

Status ContainerServer::start() {
  work_.emplace(io_.get_executor());
  for (size_t i = 0; i < std::max<size_t>(1, options_.io_threads); ++i) {
    threads_.emplace_back([this] {
      set_thread_name("grove-rpc-io");
      io_.run();
    });
  }
  boost::asio::post(ping_strand_, [this] { schedule_ping(); });
  return http_->start();
}

void ContainerServer::schedule_ping() {
  if (stopping_.load()) return;
  auto round_done = [this] {
    pinged_.store(true);
    boost::asio::post(ping_strand_, [this] {
      if (stopping_.load()) return;
      ping_timer_.expires_after(options_.ping_interval);
      ping_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) schedule_ping();
      });
    });
  };
  reap_retired();
  std::shared_ptr<Serving> serving = serving_.load();
  auto remaining = std::make_shared<std::atomic<size_t>>(serving->clusters.size());
  if (serving->clusters.empty()) return round_done();
  for (auto& cluster : serving->clusters) {
    cluster->ping_all(options_.ping_timeout, [remaining, round_done] {
      if (remaining->fetch_sub(1) == 1) round_done();
    });
  }
}

Status ContainerServer::set_cluster_state(const std::string& cluster, const distribution::ClusterState& state) {
  std::lock_guard lock(generations_mutex_);
  std::shared_ptr<Serving> serving = serving_.load();
  auto found = std::find_if(serving->clusters.begin(), serving->clusters.end(),
                            [&](const auto& c) { return c->id() == cluster; });
  if (found == serving->clusters.end()) return Status::NotFound(fmt::format("no content cluster '{}'", cluster));
  auto& kept = states_[cluster];
  if (state.version() > kept.version()) kept = state;
  GROVE_RETURN_IF_ERROR(serving->set_cluster_state(cluster, state));
  // A generation that writes but does not search yet waits for its nodes (coverage, activation):
  // it needs the newer states too, or a node it saw down at its start stays out of service.
  std::shared_ptr<Serving> writing = writing_.load();
  if (writing != serving) GROVE_RETURN_IF_ERROR(writing->set_cluster_state(cluster, state));
  return Status::Ok();
}

http::Health ContainerServer::health() const {
  if (stopping_.load()) return {"down", "stopping"};
  if (!pinged_.load()) return {"initializing", "waiting for the first pings of the content nodes"};
  return {"up", ""};
}

void ContainerServer::handle(http::HttpRequest request, http::HttpResponder respond) {
  if (state_api_->handle(request, respond)) return;
  std::string_view raw_path = std::string_view(request.target).substr(0, request.target.find('?'));
  bool document_api = is_document_v1_path(raw_path);
  if (!document_api && request.path != "/search/" && request.path != "/search") {
    respond(http::HttpResponse::error(404, "no such path: " + request.path));
    return;
  }
  if (stopping_.load()) {
    respond(http::HttpResponse::error(503, "the container is shutting down"));
    return;
  }
  if (document_api) {
    std::shared_ptr<Serving> writing = writing_.load();
    return writing->documents->handle(request, track(writing, std::move(respond)));
  }
  std::shared_ptr<Serving> serving = serving_.load();
  if (request.method != "GET" && request.method != "POST") {
    respond(http::HttpResponse::error(405, "use GET or POST for /search/"));
    return;
  }
  serving->search->handle(request, track(serving, std::move(respond)));
}

http::HttpResponder ContainerServer::track(std::shared_ptr<Serving> serving, http::HttpResponder respond) {
  in_flight_.fetch_add(1);
  serving->in_flight.fetch_add(1);
  return [this, serving = std::move(serving), respond = std::move(respond)](http::HttpResponse response) {
    respond(std::move(response));
    serving->in_flight.fetch_sub(1);
    in_flight_.fetch_sub(1);
  };
}

void ContainerServer::stop() {
  if (stopped_.exchange(true)) return;
  stopping_.store(true);
  auto until = std::chrono::steady_clock::now() + options_.drain_timeout;
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  http_->stop();
  boost::asio::post(ping_strand_, [this] { ping_timer_.cancel(); });
  {
    std::lock_guard lock(generations_mutex_);
    for (auto& cluster : serving_.load()->clusters) cluster->shutdown();
    for (auto& gen : handed_over_) {
      if (gen == serving_.load() || gen->shut_down) continue;
      for (auto& cluster : gen->clusters) cluster->shutdown();
      gen->shut_down = true;
    }
    for (auto& old : retired_) {
      if (old->shut_down) continue;
      for (auto& cluster : old->clusters) cluster->shutdown();
      old->shut_down = true;
    }
  }
  work_.reset();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

}  // namespace grove::container
