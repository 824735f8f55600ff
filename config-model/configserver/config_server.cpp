#include "config-model/configserver/config_server.h"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <simdjson.h>

#include "config-model/configserver/config_server_internal.h"
#include "config-model/controller/cluster_v2_json.h"
#include "services/base/json_writer.h"
#include "services/base/logging.h"
#include "services/base/parse_number.h"
#include "services/base/strings.h"
#include "services/base/thread_name.h"
#include "services/rpc/thrift_content_client.h"

namespace grove::configserver {

namespace fs = std::filesystem;

std::string package_path(uint64_t generation) {
  return fmt::format("{}/generation/{}/package", kApplicationPath, generation);
}

http::HttpResponse deploy_error(int status, std::string_view code, std::string_view message) {
  JsonWriter w;
  w.begin_object().key("error-code").string(code).key("message").string(message).end_object();
  return http::HttpResponse::json(status, std::move(w).take());
}

namespace {

// services/base's strict parse_number, as an optional for the parameters' one-line checks.
template <typename T>
std::optional<T> parse_unsigned(std::string_view text) {
  T value{};
  if (!parse_number(text, value)) return std::nullopt;
  return value;
}

// "music:7,books:3" -> {music: 7, books: 3}.
Result<std::map<std::string, uint32_t>> parse_states(std::string_view text) {
  std::map<std::string, uint32_t> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    size_t colon = item.rfind(':');
    std::optional<uint32_t> version =
        colon == std::string_view::npos ? std::nullopt : parse_unsigned<uint32_t>(item.substr(colon + 1));
    if (!version || colon == 0) {
      return Status::InvalidArgument(
          fmt::format("states: '{}' is not CLUSTER:VERSION (e.g. states=music:7,books:3)", item));
    }
    out[std::string(item.substr(0, colon))] = *version;
  }
  return out;
}

}  // namespace

ConfigServer::ConfigServer(ConfigServerOptions options) : options_(std::move(options)) {
  deploys_ok_ = &metrics_.counter("configserver_deploys", "Deploys activated", {{"result", "activated"}});
  deploys_refused_ = &metrics_.counter("configserver_deploys", "Deploys refused", {{"result", "refused"}});
  generation_gauge_ = &metrics_.gauge("configserver_active_generation", "The active generation");
  watches_gauge_ = &metrics_.gauge("configserver_watches", "Config long-polls waiting");
  options_.controller.metrics = &metrics_;
}

ConfigServer::~ConfigServer() { stop(); }

Result<std::unique_ptr<ConfigServer>> ConfigServer::open(ConfigServerOptions options) {
  if (options.data_dir.empty()) return Status::InvalidArgument("the config server needs a data directory");
  if (options.max_watch_timeout.count() <= 0 || options.default_watch_timeout > options.max_watch_timeout) {
    return Status::InvalidArgument("the default long-poll timeout must be within 1 s .. the maximum");
  }
  std::error_code ec;
  fs::create_directories(options.data_dir, ec);
  if (ec) return Status::IoError(fmt::format("cannot create {}: {}", options.data_dir, ec.message()));
  std::unique_ptr<ConfigServer> server(new ConfigServer(std::move(options)));
  GROVE_ASSIGN_OR_RETURN(server->store_,
                         deploy::GenerationStore::open(server->options_.data_dir + "/store", server->options_.store));
  GROVE_RETURN_IF_ERROR(server->restore());
  server->state_api_ = std::make_unique<http::StateApi>(server->metrics_, [s = server.get()] { return s->health(); });
  http::HttpServerOptions http_options;
  http_options.address = server->options_.address;
  http_options.port = server->options_.http_port;
  http_options.threads = server->options_.http_threads;
  http_options.max_connections = server->options_.max_connections;
  // The archive plus room for the request line and headers.
  http_options.max_request_bytes = server->options_.package.max_archive_bytes + (64 << 10);
  // A long-poll holds its connection for up to max_watch_timeout.
  http_options.idle_timeout = server->options_.max_watch_timeout + std::chrono::seconds(30);
  server->http_ = std::make_unique<http::HttpServer>(
      http_options, [s = server.get()](http::HttpRequest req, http::HttpResponder respond) {
        s->handle(std::move(req), std::move(respond));
      });
  return server;
}

Status ConfigServer::start() {
  work_guard_.emplace(work_io_.get_executor());
  work_thread_ = std::thread([this] {
    set_thread_name("grove-deploy");
    work_io_.run();
  });
  rpc_guard_.emplace(rpc_io_.get_executor());
  rpc_thread_ = std::thread([this] {
    set_thread_name("grove-cc-rpc");
    rpc_io_.run();
  });
  {
    std::lock_guard lock(mutex_);
    if (controller_) controller_->start();
  }
  started_.store(true);
  boost::asio::post(work_io_, [this] { arm_state_waiters(); });
  GROVE_RETURN_IF_ERROR(http_->start());
  GROVE_LOG_INFO("config server on http://{}:{} (active generation {})", options_.address, http_->port(),
                 active_generation());
  return Status::Ok();
}

void ConfigServer::stop() {
  if (stopped_.exchange(true)) return;
  stopping_.store(true);
  if (http_) http_->stop();
  std::unique_ptr<controller::ClusterController> controller;
  {
    std::lock_guard lock(mutex_);
    controller = std::move(controller_);
  }
  if (controller) controller->stop();  // fails the state waiters; they do not re-arm now
  if (work_thread_.joinable()) {
    boost::asio::post(work_io_, [this] {
      for (auto& watch : watches_) {
        watch->timer->cancel();
        watch->respond(http::HttpResponse::error(503, "the config server is stopping"));
      }
      watches_.clear();
    });
    work_guard_.reset();
    work_thread_.join();
  }
  controller.reset();  // its services end their calls on rpc_io_
  if (rpc_thread_.joinable()) {
    rpc_guard_.reset();
    rpc_thread_.join();
  }
}

uint64_t ConfigServer::active_generation() const {
  auto a = active();
  return a ? a->generation : 0;
}

std::shared_ptr<const ConfigServer::Active> ConfigServer::active() const {
  std::lock_guard lock(mutex_);
  return active_;
}

http::Health ConfigServer::health() const {
  if (stopping_.load()) return {"down", "stopping"};
  if (!started_.load()) return {"initializing", "starting"};
  return {"up", ""};
}

Status ConfigServer::make_controller(const config::ApplicationModel& model) {
  // Every host alias is this host for now: content nodes are reached on 127.0.0.1 at the port
  // the process plan gives them.
  controller::Connect connect = [this](const std::string& cluster, uint16_t key)
      -> Result<std::unique_ptr<protocol::ContentService>> {
    std::shared_ptr<const deploy::ProcessPlan> plan = connect_plan_.load();
    const deploy::PlannedProcess* p = plan ? plan->find(deploy::ProcessKind::kContent, cluster, key) : nullptr;
    if (p == nullptr) {
      return Status::InvalidArgument(fmt::format("content node {} of '{}' is not in the process plan", key, cluster));
    }
    return std::unique_ptr<protocol::ContentService>(
        std::make_unique<rpc::ThriftContentClient>(rpc_io_, "127.0.0.1", p->thrift_port));
  };
  GROVE_ASSIGN_OR_RETURN(controller_, controller::ClusterController::create(model, std::move(connect),
                                                                            options_.controller));
  return Status::Ok();
}

// --- routes ---

void ConfigServer::handle(http::HttpRequest request, http::HttpResponder respond) {
  if (state_api_->handle(request, respond)) return;
  if (stopping_.load()) return respond(http::HttpResponse::error(503, "the config server is stopping"));
  const std::string& path = request.path;
  if (path == kPrepareAndActivatePath) {
    if (request.method != "POST") {
      return respond(deploy_error(405, "METHOD_NOT_ALLOWED", "use POST with the application package as the body"));
    }
    auto shared = std::make_shared<http::HttpRequest>(std::move(request));
    boost::asio::post(work_io_, [this, shared, respond] { respond(deploy(*shared)); });
    return;
  }
  if (path.starts_with(kApplicationPath)) return handle_application(request, respond);
  if (path == "/config/v1/watch") return handle_watch(request, respond);
  if (path == "/cluster/v2" || path.starts_with("/cluster/v2/")) return handle_cluster_v2(request, respond);
  if (path == "/status.json") return handle_status_json(request, respond);
  if (path == "/status" || path == "/status/" || path == "/") {
    return respond(http::HttpResponse{200, "text/html; charset=utf-8", std::string(status_page_html()), {}});
  }
  respond(http::HttpResponse::error(404, "no such path: " + path));
}

void ConfigServer::handle_application(const http::HttpRequest& request, const http::HttpResponder& respond) {
  if (request.method != "GET") return respond(deploy_error(405, "METHOD_NOT_ALLOWED", "use GET"));
  std::string_view rest = std::string_view(request.path).substr(kApplicationPath.size());
  if (rest.empty() || rest == "/") {
    auto a = active();
    auto list = store_->list();
    if (!list.ok()) return respond(deploy_error(500, "INTERNAL_SERVER_ERROR", list.status().message()));
    JsonWriter w;
    w.begin_object().key("tenant").string("default").key("application").string("default");
    w.key("generation").number(a ? a->generation : uint64_t{0});
    if (a) w.key("package").string(package_path(a->generation)).key("content-type").string(a->content_type);
    w.key("generations").begin_array();
    for (const deploy::GenerationInfo& g : *list) {
      w.begin_object().key("generation").number(g.number).key("created-us").number(g.created_us);
      w.key("package").string(package_path(g.number)).key("package-bytes").number(g.package_bytes);
      w.key("active").boolean(a && a->generation == g.number).end_object();
    }
    w.end_array().end_object();
    return respond(http::HttpResponse::json(200, std::move(w).take()));
  }
  // /generation/N/package
  constexpr std::string_view kGeneration = "/generation/";
  constexpr std::string_view kPackage = "/package";
  if (rest.starts_with(kGeneration) && rest.ends_with(kPackage)) {
    std::string_view number = rest.substr(kGeneration.size(), rest.size() - kGeneration.size() - kPackage.size());
    std::optional<uint64_t> n = parse_unsigned<uint64_t>(number);
    if (!n) return respond(deploy_error(400, "BAD_REQUEST", fmt::format("'{}' is not a generation number", number)));
    auto generation = store_->get(*n);
    if (!generation.ok()) {
      int status = generation.status().code() == StatusCode::kNotFound ? 404 : 500;
      return respond(deploy_error(status, status == 404 ? "NOT_FOUND" : "INTERNAL_SERVER_ERROR",
                                  status == 404 ? fmt::format("generation {} is not stored (never deployed, or pruned)", *n)
                                                : generation.status().message()));
    }
    return respond(http::HttpResponse{200, generation->info.content_type, std::move(generation->package), {}});
  }
  respond(deploy_error(404, "NOT_FOUND", "no such path: " + request.path));
}

// --- long-polls ---

void ConfigServer::handle_watch(const http::HttpRequest& request, const http::HttpResponder& respond) {
  if (request.method != "GET") return respond(http::HttpResponse::error(405, "use GET for /config/v1/watch"));
  auto watch = std::make_shared<Watch>();
  if (const std::string* g = request.param("generation")) {
    std::optional<uint64_t> n = parse_unsigned<uint64_t>(*g);
    if (!n) return respond(http::HttpResponse::error(400, fmt::format("generation: '{}' is not a number", *g)));
    watch->generation = *n;
  }
  std::chrono::seconds timeout = options_.default_watch_timeout;
  if (const std::string* t = request.param("timeout")) {
    std::optional<uint32_t> s = parse_unsigned<uint32_t>(*t);
    if (!s || *s == 0 || std::chrono::seconds(*s) > options_.max_watch_timeout) {
      return respond(http::HttpResponse::error(
          400, fmt::format("timeout: '{}' is not a number of seconds in 1..{}", *t, options_.max_watch_timeout.count())));
    }
    timeout = std::chrono::seconds(*s);
  }
  if (const std::string* s = request.param("states")) {
    auto states = parse_states(*s);
    if (!states.ok()) return respond(http::HttpResponse::error(400, states.status().message()));
    watch->states = std::move(*states);
  }
  watch->respond = respond;
  boost::asio::post(work_io_, [this, watch, timeout] {
    if (satisfied(*watch)) return watch->respond(http::HttpResponse::json(200, watch_body()));
    if (watches_.size() >= options_.max_watches) {
      return watch->respond(http::HttpResponse::error(
          503, fmt::format("{} config long-polls are waiting already (the limit); retry later", watches_.size())));
    }
    watch->timer = std::make_unique<boost::asio::steady_timer>(work_io_, timeout);
    watch->timer->async_wait([this, weak = std::weak_ptr<Watch>(watch)](boost::system::error_code ec) {
      auto w = weak.lock();
      if (ec || !w) return;
      std::erase(watches_, w);
      watches_gauge_->set(static_cast<double>(watches_.size()));
      w->respond(http::HttpResponse::json(200, watch_body()));
    });
    watches_.push_back(watch);
    watches_gauge_->set(static_cast<double>(watches_.size()));
  });
}

bool ConfigServer::satisfied(const Watch& watch) const {
  if (active_generation() > watch.generation) return true;
  if (watch.states.empty()) return false;
  std::lock_guard lock(mutex_);
  if (!controller_) return false;
  for (const auto& [cluster, version] : watch.states) {
    auto published = controller_->published(cluster);
    if (published.ok() && published->version > version) return true;
  }
  return false;
}

void ConfigServer::wake_watches() {
  std::vector<std::shared_ptr<Watch>> ready;
  std::erase_if(watches_, [&](const std::shared_ptr<Watch>& w) {
    if (!satisfied(*w)) return false;
    ready.push_back(w);
    return true;
  });
  if (ready.empty()) return;
  watches_gauge_->set(static_cast<double>(watches_.size()));
  std::string body = watch_body();
  for (auto& w : ready) {
    w->timer->cancel();
    w->respond(http::HttpResponse::json(200, body));
  }
}

void ConfigServer::arm_state_waiters() {
  std::lock_guard lock(mutex_);
  if (!controller_ || stopping_.load()) return;
  for (const std::string& cluster : controller_->cluster_ids()) {
    if (!armed_.insert(cluster).second) continue;
    auto published = controller_->published(cluster);
    uint32_t version = published.ok() ? published->version : 0;
    auto id = controller_->wait_for_version_above(cluster, version, [this, cluster](Result<controller::PublishedState> r) {
      boost::asio::post(work_io_, [this, cluster, ok = r.ok()] {
        armed_.erase(cluster);
        wake_watches();
        if (ok) arm_state_waiters();  // not after stop() or a removed cluster
      });
    });
    if (!id.ok()) {
      armed_.erase(cluster);
      GROVE_LOG_WARN("cannot follow the cluster state of '{}': {}", cluster, id.status().to_string());
    }
  }
}

std::string ConfigServer::watch_body() const {
  auto a = active();
  JsonWriter w;
  w.begin_object().key("generation").number(a ? a->generation : uint64_t{0});
  if (a) {
    w.key("package").string(package_path(a->generation)).key("content-type").string(a->content_type);
    w.key("plan").raw(a->plan_json);
  }
  w.key("cluster-states").begin_object();
  {
    std::lock_guard lock(mutex_);
    if (controller_) {
      for (const std::string& cluster : controller_->cluster_ids()) {
        auto published = controller_->published(cluster);
        if (!published.ok()) continue;
        w.key(cluster).begin_object().key("version").number(unsigned{published->version});
        w.key("state").string(published->state).end_object();
      }
    }
  }
  w.end_object().end_object();
  return std::move(w).take();
}

// --- /cluster/v2 ---

void ConfigServer::handle_cluster_v2(const http::HttpRequest& request, const http::HttpResponder& respond) {
  auto fail = [&](int status, std::string_view message) {
    respond(http::HttpResponse::json(status, controller::render_error(message)));
  };
  std::vector<std::string> parts;
  for (std::string_view rest = std::string_view(request.path).substr(std::string_view("/cluster/v2").size());
       !rest.empty();) {
    if (rest.front() == '/') {
      rest.remove_prefix(1);
      continue;
    }
    size_t slash = rest.find('/');
    parts.emplace_back(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  std::lock_guard lock(mutex_);
  if (!controller_) return fail(404, "no application is deployed: there is no content cluster yet");
  if (parts.empty()) {
    if (request.method != "GET") return fail(405, "use GET");
    return respond(http::HttpResponse::json(200, controller::render_cluster_list(controller_->cluster_ids())));
  }
  auto status = controller_->status(parts[0]);
  if (!status.ok()) return fail(404, status.status().message());
  if (parts.size() == 1) {
    if (request.method != "GET") return fail(405, "use GET");
    return respond(http::HttpResponse::json(200, controller::render_cluster(*status)));
  }
  std::optional<uint16_t> key = parts.size() == 3 ? parse_unsigned<uint16_t>(parts[2]) : std::nullopt;
  if (!key) {
    return fail(404, fmt::format("no such path: {} (use /cluster/v2/<cluster>/storage/<key>)", request.path));
  }
  if (request.method == "GET") {
    auto node = controller::render_node(*status, parts[1], *key);
    if (!node.ok()) return fail(node.status().code() == StatusCode::kNotFound ? 404 : 400, node.status().message());
    return respond(http::HttpResponse::json(200, std::move(*node)));
  }
  if (request.method != "PUT") return fail(405, "use GET, or PUT to set a node's wanted state");
  if (parts[1] != "storage") {
    return fail(400, fmt::format("set the wanted state on /cluster/v2/{}/storage/{}: Grove keeps one wanted state "
                                 "per node, for both its roles", parts[0], *key));
  }
  auto change = controller::parse_set_node_state(request.body);
  if (!change.ok()) return fail(400, change.status().message());
  auto outcome = controller_->set_wanted_state(parts[0], *key, change->state, change->reason, change->condition);
  if (!outcome.ok()) {
    return fail(outcome.status().code() == StatusCode::kNotFound ? 404 : 400, outcome.status().message());
  }
  if (outcome->modified) save_wanted_states();
  GROVE_LOG_INFO("wanted state of node {} of '{}' set to {} ({}){}", *key, parts[0],
                 controller::wanted_state_name(change->state), change->reason,
                 outcome->modified ? "" : ": refused, " + outcome->reason);
  respond(http::HttpResponse::json(200, controller::render_set_result(*outcome)));
}

void ConfigServer::save_wanted_states() {
  JsonWriter w;
  w.begin_object();
  for (const std::string& id : controller_->cluster_ids()) {
    auto status = controller_->status(id);
    if (!status.ok()) continue;
    w.key(id).begin_object();
    for (const controller::NodeFacts& n : status->nodes) {
      if (n.wanted.state == controller::WantedState::kUp) continue;
      w.key(std::to_string(n.key)).begin_object();
      w.key("state").string(controller::wanted_state_name(n.wanted.state)).key("reason").string(n.wanted.reason);
      w.end_object();
    }
    w.end_object();
  }
  w.end_object();
  const std::string path = options_.data_dir + "/wanted-states.json";
  const std::string temp = path + ".new";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << std::move(w).take() << "\n";
    if (!out.flush()) {
      GROVE_LOG_ERROR("cannot write {}: the wanted states are not kept across a restart", temp);
      return;
    }
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) GROVE_LOG_ERROR("cannot replace {}: {}", path, ec.message());
}

void ConfigServer::restore_wanted_states() {
  const std::string path = options_.data_dir + "/wanted-states.json";
  if (!fs::exists(path)) return;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object clusters;
  if (parser.load(path).get(root) || root.get(clusters)) {
    GROVE_LOG_ERROR("{} is not a JSON object; the wanted states in it are not applied", path);
    return;
  }
  for (auto [cluster, nodes] : clusters) {
    simdjson::dom::object by_key;
    if (nodes.get(by_key)) continue;
    for (auto [key_text, node] : by_key) {
      std::string_view state_text, reason;
      uint16_t key = 0;
      auto parsed_key = parse_unsigned<uint16_t>(key_text);
      if (!parsed_key || node["state"].get(state_text) || node["reason"].get(reason)) continue;
      key = *parsed_key;
      auto state = controller::parse_wanted_state(state_text);
      if (!state.ok()) continue;
      auto outcome = controller_->set_wanted_state(std::string(cluster), key, *state, std::string(reason));
      if (!outcome.ok()) {
        GROVE_LOG_WARN("wanted state of node {} of '{}' from {} not applied: {}", key, cluster, path,
                       outcome.status().to_string());
      } else {
        GROVE_LOG_INFO("wanted state of node {} of '{}' restored: {} ({})", key, cluster, state_text, reason);
      }
    }
  }
}

}  // namespace grove::configserver
