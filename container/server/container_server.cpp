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

Result<std::unique_ptr<ContainerServer>> ContainerServer::create(ContainerOptions options) {
  config::ApplicationModel::LoadOutput loaded = config::ApplicationModel::load(options.app_dir);
  if (!loaded.ok()) {
    return Status::InvalidArgument(
        fmt::format("cannot load the application package {}:{}", options.app_dir, diagnostics_text(loaded)));
  }
  std::unique_ptr<ContainerServer> server(
      new ContainerServer(std::move(options), std::move(*loaded.model)));
  GROVE_RETURN_IF_ERROR(server->build_clusters());
  return server;
}

ContainerServer::ContainerServer(ContainerOptions options, config::ApplicationModel model)
    : options_(std::move(options)), model_(std::move(model)),
      ping_strand_(boost::asio::make_strand(io_)), ping_timer_(ping_strand_) {}

ContainerServer::~ContainerServer() { stop(); }

Status ContainerServer::build_clusters() {
  uint64_t seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  // Unless the options say otherwise, every content node is reached over Thrift, with the
  // address --nodes gives it.
  SearchCluster::Connect connect = options_.connect ? options_.connect : [this](const std::string& cluster, uint16_t key)
      -> Result<std::unique_ptr<protocol::ContentService>> {
    auto address = std::find_if(options_.nodes.begin(), options_.nodes.end(), [&](const NodeAddress& a) {
      return a.cluster == cluster && a.key == key;
    });
    if (address == options_.nodes.end()) {
      return Status::InvalidArgument(fmt::format("no address for content node {}:{} in --nodes", cluster, key));
    }
    return std::unique_ptr<protocol::ContentService>(
        std::make_unique<rpc::ThriftContentClient>(io_, address->host, address->port));
  };
  std::vector<SearchCluster*> borrowed;
  for (const config::ContentCluster& cluster : model_.content_clusters()) {
    GROVE_ASSIGN_OR_RETURN(auto built, SearchCluster::create(cluster, connect, metrics_, seed++));
    borrowed.push_back(built.get());
    clusters_.push_back(std::move(built));
  }
  search_ = std::make_unique<SearchHandler>(model_, borrowed, metrics_);
  GROVE_ASSIGN_OR_RETURN(documents_, DocumentHandler::create(model_, std::move(borrowed), io_,
                                                             metrics_, options_.document_api));
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
  auto remaining = std::make_shared<std::atomic<size_t>>(clusters_.size());
  if (clusters_.empty()) return round_done();
  for (auto& cluster : clusters_) {
    cluster->ping_all(options_.ping_timeout, [remaining, round_done] {
      if (remaining->fetch_sub(1) == 1) round_done();
    });
  }
}

Status ContainerServer::set_cluster_state(const std::string& cluster, const distribution::ClusterState& state) {
  auto found = std::find_if(clusters_.begin(), clusters_.end(), [&](const auto& c) { return c->id() == cluster; });
  if (found == clusters_.end()) return Status::NotFound(fmt::format("no content cluster '{}'", cluster));
  GROVE_RETURN_IF_ERROR(documents_->set_cluster_state(cluster, state));
  (*found)->set_cluster_state(state);
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
  if (document_api) return documents_->handle(request, track(std::move(respond)));
  handle_search(std::move(request), std::move(respond));
}

void ContainerServer::handle_search(http::HttpRequest request, http::HttpResponder respond) {
  if (request.method != "GET" && request.method != "POST") {
    respond(http::HttpResponse::error(405, "use GET or POST for /search/"));
    return;
  }
  search_->handle(request, track(std::move(respond)));
}

http::HttpResponder ContainerServer::track(http::HttpResponder respond) {
  in_flight_.fetch_add(1);
  return [this, respond = std::move(respond)](http::HttpResponse response) {
    respond(std::move(response));
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
  for (auto& cluster : clusters_) cluster->shutdown();
  work_.reset();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

}  // namespace grove::container
