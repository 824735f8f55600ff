#include "tests/system/live_cluster.h"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <cctype>
#include <filesystem>
#include <sstream>

#include "services/http/http_client.h"

namespace grove::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += static_cast<char>(ch);
    } else {
      out += fmt::format("%{:02X}", ch);
    }
  }
  return out;
}

int64_t ms_since(LiveClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(LiveClock::now() - t).count();
}

bool all_up(const std::string& s) { return !s.empty() && s.find(".s:") == std::string::npos; }

LiveCluster::LiveCluster(const std::string& package, int content_nodes, std::string type)
    : dir(make_temp_dir("grove-live-cluster-test")), app(dir + "/app"), data(dir + "/data"), doc_type(std::move(type)) {
  fs::copy(kSchemas + "/" + package, app, fs::copy_options::recursive);
  const uint16_t base = free_port_block(2 * content_nodes + 2);
  container_port = static_cast<uint16_t>(base + 2 * content_nodes);
  configserver_port = free_port();
  auto up = run_command({kBin + "/grove", "up", app, "--data", data, "--base-port", std::to_string(base),
                         "--container-port", std::to_string(container_port), "--configserver-port",
                         std::to_string(configserver_port), "--node-port", "0"},
                        180s);
  up_ = up.exit_code == 0;
  BOOST_REQUIRE_MESSAGE(up_, up.output);
  // The supervisor's port, from what grove up recorded.
  simdjson::dom::parser parser;
  for (simdjson::dom::element p : simdjson::dom::array(parser.load(data + "/cluster.json")["processes"])) {
    if (std::string_view(p["kind"]) == "node") node_port = static_cast<uint16_t>(int64_t(p["http_port"]));
  }
  BOOST_REQUIRE(node_port != 0);
}

LiveCluster::~LiveCluster() {
  if (up_) {
    auto down = run_command({kBin + "/grove", "down", "--data", data}, 120s);
    if (down.exit_code != 0) BOOST_TEST_MESSAGE(down.output);
  }
  fs::remove_all(dir);
}

std::string LiveCluster::state(const std::string& cluster) const {
  auto reply = http::http_get("127.0.0.1", configserver_port,
                              fmt::format("/config/v1/watch?generation=0&timeout=1&states={}:0", cluster), 3s);
  if (reply.status != 200) return "";
  simdjson::dom::parser parser;
  std::string_view text;
  if (parser.parse(reply.body)["cluster-states"][cluster]["state"].get(text)) return "";
  return std::string(text);
}

std::map<std::string, std::pair<int64_t, int64_t>> LiveCluster::processes() const {
  std::map<std::string, std::pair<int64_t, int64_t>> out;
  auto reply = http::http_get("127.0.0.1", node_port, "/state/v1/processes", 3s);
  if (reply.status != 200) return out;
  simdjson::dom::parser parser;
  for (simdjson::dom::element p : simdjson::dom::array(parser.parse(reply.body)["processes"])) {
    out[fmt::format("{}/{}/{}", std::string_view(p["kind"]), std::string_view(p["cluster"]), int64_t(p["key"]))] =
        {int64_t(p["pid"]), int64_t(p["restarts"])};
  }
  return out;
}

std::map<uint16_t, uint16_t> LiveCluster::content_http_ports() const {
  std::map<uint16_t, uint16_t> out;
  auto reply = http::http_get("127.0.0.1", node_port, "/state/v1/processes", 3s);
  if (reply.status != 200) return out;
  simdjson::dom::parser parser;
  for (simdjson::dom::element p : simdjson::dom::array(parser.parse(reply.body)["processes"])) {
    if (std::string_view(p["kind"]) != "content") continue;
    out[static_cast<uint16_t>(int64_t(p["key"]))] = static_cast<uint16_t>(int64_t(p["ports"]["http"]));
  }
  return out;
}

std::optional<double> LiveCluster::node_metric(uint16_t http_port, const std::string& name) const {
  auto reply = http::http_get("127.0.0.1", http_port, "/prometheus/v1/values", 3s);
  if (reply.status != 200) return std::nullopt;
  std::istringstream in(reply.body);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name, 0) != 0) continue;
    const size_t rest = name.size();
    if (rest < line.size() && line[rest] != ' ' && line[rest] != '{') continue;
    const size_t space = line.rfind(' ');
    if (space == std::string::npos) continue;
    return std::stod(line.substr(space + 1));
  }
  return std::nullopt;
}

bool LiveCluster::wait_maintenance_done(std::chrono::milliseconds limit) const {
  const auto until = LiveClock::now() + limit;
  int quiet_rounds = 0;
  while (LiveClock::now() < until) {
    bool quiet = true;
    auto ports = content_http_ports();
    if (ports.empty()) quiet = false;
    for (auto [key, port] : ports) {
      auto pending = node_metric(port, "distributor_buckets_pending");
      auto cycles = node_metric(port, "distributor_maintenance_cycle_ms_count");
      if (!pending || *pending != 0 || !cycles || *cycles < 1) quiet = false;
    }
    quiet_rounds = quiet ? quiet_rounds + 1 : 0;
    if (quiet_rounds >= 2) return true;
    std::this_thread::sleep_for(500ms);
  }
  return false;
}

int LiveCluster::put(const std::string& id, const std::string& title) const {
  auto reply = http::http_request("127.0.0.1", container_port, "POST",
                                  fmt::format("/document/v1/{0}/{0}/docid/{1}", doc_type, id),
                                  fmt::format(R"({{"fields": {{"title": "{}", "artist": "live"}}}})", title),
                                  "application/json", 10s);
  return reply.ok() ? reply->status : 0;
}

LiveCluster::Answer LiveCluster::query(const std::string& where, const std::string& extra) const {
  std::string target = "/search/?hits=1&yql=" + url_encode(fmt::format("select * from {} where {}", doc_type, where)) + extra;
  auto reply = http::http_get("127.0.0.1", container_port, target, 10s);
  Answer a;
  a.status = reply.status;
  if (reply.status != 200) return a;
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(reply.body)["root"];
  a.total = int64_t(root["fields"]["totalCount"]);
  if (root["fields"]["searchGroup"].get(a.group) != simdjson::SUCCESS) a.group = -1;
  a.full = bool(root["coverage"]["full"]);
  simdjson::dom::array hits;
  if (!root["children"].get(hits) && hits.size() > 0) a.relevance = double((*hits.begin())["relevance"]);
  return a;
}

CommandResult LiveCluster::grove(std::vector<std::string> args) const {
  args.insert(args.begin(), kBin + "/grove");
  return run_command(args, 120s);
}

std::set<std::string> LiveCluster::visit_ids() const {
  std::set<std::string> ids;
  auto visited = grove({"visit", "--endpoint", fmt::format("http://127.0.0.1:{}", container_port)});
  BOOST_REQUIRE_MESSAGE(visited.exit_code == 0, visited.output.substr(0, 2000));
  simdjson::dom::parser parser;
  std::istringstream in(visited.output);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] != '{') continue;
    std::string_view id;
    auto doc = parser.parse(line);
    if (doc.error()) continue;
    if (!doc["put"].get(id)) ids.insert(std::string(id));
  }
  return ids;
}

WriteLoad::WriteLoad(const LiveCluster& cluster, std::string prefix)
    : cluster_(cluster), prefix_(std::move(prefix)), thread_([this] { run(); }) {}

void WriteLoad::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

size_t WriteLoad::failures_since(LiveClock::time_point since) const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (auto& [at, status] : outcomes_) n += (at >= since && status != 200) ? 1 : 0;
  return n;
}

size_t WriteLoad::count() const {
  std::lock_guard lock(mutex_);
  return outcomes_.size();
}

std::vector<std::string> WriteLoad::acknowledged() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (size_t i = 0; i < outcomes_.size(); ++i) {
    if (outcomes_[i].second == 200) out.push_back(fmt::format("id:{0}:{0}::{1}-{2}", cluster_.doc_type, prefix_, i));
  }
  return out;
}

void WriteLoad::run() {
  for (int i = 0; i < 100000 && !stopping_; ++i) {  // bounded; stop() ends it long before
    LiveClock::time_point at = LiveClock::now();
    int status = cluster_.put(fmt::format("{}-{}", prefix_, i), fmt::format("load {}", i));
    std::lock_guard lock(mutex_);
    outcomes_.emplace_back(at, status);
  }
}

}  // namespace grove::testing
