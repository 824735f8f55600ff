#include "tests/unit/config-model/subscription/fake_config_server.h"

#include <fmt/format.h>

#include <algorithm>

#include "services/base/json_writer.h"
#include "services/base/parse_number.h"

namespace grove::testing {

namespace {

constexpr std::string_view kPackagePrefix = "/application/v2/tenant/default/application/default/generation/";

std::string package_path(uint64_t generation) { return fmt::format("{}{}/package", kPackagePrefix, generation); }

}  // namespace

FakeConfigServer::~FakeConfigServer() { stop(); }

Status FakeConfigServer::start() {
  stop();
  auto server = std::make_unique<http::HttpServer>(
      http::HttpServerOptions{.address = "127.0.0.1", .port = port_, .threads = 2},
      [this](http::HttpRequest req, http::HttpResponder respond) { handle(req, respond); });
  GROVE_RETURN_IF_ERROR(server->start());
  port_ = server->port();
  server_ = std::move(server);
  {
    std::lock_guard lock(mutex_);
    running_ = true;
  }
  ticker_ = std::thread([this] { tick_loop(); });
  return Status::Ok();
}

void FakeConfigServer::stop() {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
    waiters_.clear();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  if (server_) server_->stop();
  server_.reset();
}

void FakeConfigServer::deploy(uint64_t generation, std::string package, std::string content_type,
                              std::string plan_json) {
  {
    std::lock_guard lock(mutex_);
    generations_[generation] = {std::move(package), std::move(content_type), std::move(plan_json)};
    active_ = generation;
  }
  answer_due();
}

void FakeConfigServer::set_cluster_state(const std::string& cluster, uint64_t version, const std::string& state) {
  {
    std::lock_guard lock(mutex_);
    states_[cluster] = {version, state};
  }
  answer_due();
}

std::vector<std::string> FakeConfigServer::watch_targets() const {
  std::lock_guard lock(mutex_);
  return targets_;
}

void FakeConfigServer::handle(const http::HttpRequest& req, const http::HttpResponder& respond) {
  if (req.path == "/config/v1/watch") return handle_watch(req, respond);
  if (req.path.rfind(kPackagePrefix, 0) == 0) {
    ++packages_;
    uint64_t generation = 0;
    std::string_view rest = std::string_view(req.path).substr(kPackagePrefix.size());
    std::lock_guard lock(mutex_);
    auto it = parse_number(rest.substr(0, rest.find('/')), generation) ? generations_.find(generation)
                                                                        : generations_.end();
    if (it == generations_.end()) return respond(http::HttpResponse::error(404, "no such generation"));
    return respond(http::HttpResponse{200, it->second.content_type, it->second.package, {}});
  }
  respond(http::HttpResponse::error(404, "no such path: " + req.path));
}

void FakeConfigServer::handle_watch(const http::HttpRequest& req, const http::HttpResponder& respond) {
  ++watches_;
  Waiter w{0, {}, {}, respond};
  uint64_t timeout = 30;
  const std::string* generation = req.param("generation");
  const std::string* timeout_text = req.param("timeout");
  if ((generation && !parse_number(*generation, w.generation)) ||
      (timeout_text && (!parse_number(*timeout_text, timeout) || timeout == 0 || timeout > 60))) {
    return respond(http::HttpResponse::error(400, "bad generation or timeout"));
  }
  if (const std::string* states = req.param("states")) {
    std::string_view rest = *states;
    while (!rest.empty()) {
      std::string_view item = rest.substr(0, rest.find(','));
      rest.remove_prefix(std::min(rest.size(), item.size() + 1));
      size_t colon = item.find(':');
      uint64_t version = 0;
      if (colon == std::string_view::npos || !parse_number(item.substr(colon + 1), version)) {
        return respond(http::HttpResponse::error(400, "bad states"));
      }
      w.states[std::string(item.substr(0, colon))] = version;
    }
  }
  w.expires = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
  std::unique_lock lock(mutex_);
  targets_.push_back(req.target);
  if (due(w, std::chrono::steady_clock::now())) {
    std::string body = watch_body();
    lock.unlock();
    return respond(http::HttpResponse::json(200, std::move(body)));
  }
  waiters_.push_back(std::move(w));
}

bool FakeConfigServer::due(const Waiter& w, std::chrono::steady_clock::time_point now) const {
  if (active_ > w.generation || now >= w.expires) return true;
  for (const auto& [cluster, version] : w.states) {
    auto it = states_.find(cluster);
    if (it != states_.end() && it->second.first > version) return true;
  }
  return false;
}

std::string FakeConfigServer::watch_body() const {
  JsonWriter w;
  w.begin_object().key("generation").number(active_);
  if (active_ > 0) {
    const Generation& g = generations_.at(active_);
    w.key("package").string(package_path(active_)).key("content-type").string(g.content_type);
    w.key("plan").raw(g.plan_json);
  }
  w.key("cluster-states").begin_object();
  for (const auto& [cluster, state] : states_) {
    w.key(cluster).begin_object().key("version").number(state.first).key("state").string(state.second).end_object();
  }
  w.end_object().end_object();
  return std::move(w).take();
}

void FakeConfigServer::answer_due() {
  std::vector<http::HttpResponder> ready;
  std::string body;
  {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (!due(*it, now)) {
        ++it;
        continue;
      }
      ready.push_back(std::move(it->respond));
      it = waiters_.erase(it);
    }
    if (!ready.empty()) body = watch_body();
  }
  for (auto& respond : ready) respond(http::HttpResponse::json(200, body));
}

void FakeConfigServer::tick_loop() {
  std::unique_lock lock(mutex_);
  while (running_) {
    wake_.wait_for(lock, std::chrono::milliseconds(20));
    lock.unlock();
    answer_due();
    lock.lock();
  }
}

}  // namespace grove::testing
