#include "tests/system/live_cluster.h"

#include <boost/test/unit_test.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <signal.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "services/http/http_client.h"
#include "services/rpc/blocking_content_client.h"

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

LiveCluster::LiveCluster(const std::string& package, int content_nodes, std::string type,
                         const std::string& services_xml)
    : dir(make_temp_dir("grove-live-cluster-test")), app(dir + "/app"), data(dir + "/data"), doc_type(std::move(type)) {
  fs::copy(kSchemas + "/" + package, app, fs::copy_options::recursive);
  if (!services_xml.empty()) {
    std::ofstream out(app + "/services.xml", std::ios::trunc);
    out << services_xml;
  }
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
  // GROVE_KEEP_TEST_DIRS=1 keeps the package, data and logs of a run to look at.
  const char* keep = std::getenv("GROVE_KEEP_TEST_DIRS");
  if (keep != nullptr && std::string_view(keep) == "1") {
    BOOST_TEST_MESSAGE("kept " << dir);
    return;
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
    const std::string full = "grove_" + name;  // the Prometheus form prefixes every metric
    if (line.rfind(full, 0) != 0) continue;
    const size_t rest = full.size();
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

int LiveCluster::put(const std::string& id, const std::string& title) const { return put_reply(id, title).first; }

std::pair<int, std::string> LiveCluster::put_reply(const std::string& id, const std::string& title) const {
  auto reply = http::http_request("127.0.0.1", container_port, "POST",
                                  fmt::format("/document/v1/{0}/{0}/docid/{1}", doc_type, id),
                                  fmt::format(R"({{"fields": {{"title": "{}", "artist": "live"}}}})", title),
                                  "application/json", 10s);
  if (!reply.ok()) return {0, reply.status().to_string()};
  return {reply->status, reply->body};
}

LiveCluster::Answer LiveCluster::query(const std::string& where, const std::string& extra) const {
  std::string target = "/search/?hits=1&yql=" + url_encode(fmt::format("select * from {} where {}", doc_type, where)) + extra;
  auto reply = http::http_get("127.0.0.1", container_port, target, 10s);
  Answer a;
  a.status = reply.status;
  if (reply.status != 200) {
    a.error = reply.body.substr(0, 400);
    return a;
  }
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

int64_t LiveCluster::deploy(const std::string& what) const {
  CommandResult deployed = grove({"deploy", app, "--data", data});
  BOOST_REQUIRE_MESSAGE(deployed.exit_code == 0, what << ": " << deployed.output);
  BOOST_TEST_MESSAGE(what << ":\n" << deployed.output);
  const std::string marker = "generation ";
  const size_t at = deployed.output.find(marker);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, deployed.output);
  return std::stoll(deployed.output.substr(at + marker.size()));
}

bool LiveCluster::wait_container_serving(int64_t generation, std::chrono::milliseconds limit) const {
  const auto until = LiveClock::now() + limit;
  while (LiveClock::now() < until) {
    auto serving = node_metric(container_port, "container_serving_generation");
    if (serving && *serving >= static_cast<double>(generation)) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
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

std::map<uint16_t, std::vector<protocol::BucketInfo>> LiveCluster::bucket_listing() const {
  std::map<uint16_t, std::vector<protocol::BucketInfo>> out;
  auto reply = http::http_get("127.0.0.1", node_port, "/state/v1/processes", 3s);
  BOOST_REQUIRE_EQUAL(reply.status, 200);
  simdjson::dom::parser parser;
  for (simdjson::dom::element p : simdjson::dom::array(parser.parse(reply.body)["processes"])) {
    if (std::string_view(p["kind"]) != "content") continue;
    const auto key = static_cast<uint16_t>(int64_t(p["key"]));
    auto client = rpc::BlockingContentClient::connect("127.0.0.1", static_cast<uint16_t>(int64_t(p["ports"]["thrift"])));
    BOOST_REQUIRE_MESSAGE(client.ok(), client.status().to_string());
    auto listed = (*client)->list_buckets({}, 10000ms);
    BOOST_REQUIRE_MESSAGE(listed.ok(), listed.status().to_string());
    out[key] = std::move(listed->buckets);
  }
  return out;
}

std::vector<std::string> LiveCluster::placement_differences(const std::string& app_dir, size_t limit) const {
  struct Replica {
    bool ready = false, active = false;
    bool operator==(const Replica&) const = default;
  };
  // bucket -> node -> flags, as held (buckets with nothing in them are not data)
  std::map<uint64_t, std::map<uint16_t, Replica>> held;
  for (const auto& [key, buckets] : bucket_listing()) {
    for (const protocol::BucketInfo& b : buckets) {
      if (b.document_count > 0 || b.tombstone_count > 0) held[b.bucket][key] = {b.ready, b.active};
    }
  }
  std::vector<std::string> out;
  if (held.empty()) return {"no node holds any bucket"};
  std::vector<std::string> args = {"ideal-state", app_dir, "--json"};
  for (const auto& [bucket, replicas] : held) {
    args.push_back("--bucket");
    args.push_back(fmt::format("0x{:016x}", bucket));
  }
  CommandResult ideal = grove(args);
  BOOST_REQUIRE_MESSAGE(ideal.exit_code == 0, ideal.output.substr(0, 2000));
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  BOOST_REQUIRE_MESSAGE(!parser.parse(ideal.output).get(root), ideal.output.substr(0, 2000));
  for (simdjson::dom::element item : simdjson::dom::array(root["items"])) {
    const uint64_t bucket = std::stoull(std::string(std::string_view(item["bucket"])), nullptr, 16);
    std::map<uint16_t, Replica> want;
    for (simdjson::dom::element r : simdjson::dom::array(item["replicas"])) {
      want[static_cast<uint16_t>(int64_t(r["node"]))] = {bool(r["ready"]), bool(r["active"])};
    }
    const std::map<uint16_t, Replica>& have = held[bucket];
    if (have == want) continue;
    auto text = [](const std::map<uint16_t, Replica>& m) {
      std::string t;
      for (const auto& [node, r] : m) t += fmt::format(" {}{}{}", node, r.ready ? "r" : "", r.active ? "a" : "");
      return t;
    };
    if (out.size() < limit) out.push_back(fmt::format("bucket 0x{:016x}: held on{}, ideal{}", bucket, text(have), text(want)));
  }
  return out;
}

bool LiveCluster::wait_nodes_on_generation(int64_t generation, std::chrono::milliseconds limit) const {
  const auto until = LiveClock::now() + limit;
  while (LiveClock::now() < until) {
    auto reply = http::http_get("127.0.0.1", node_port, "/state/v1/processes", 3s);
    bool all = reply.status == 200;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (all && parser.parse(reply.body).get(root)) all = false;
    if (all) {
      for (simdjson::dom::element p : simdjson::dom::array(root["processes"])) {
        if (std::string_view(p["kind"]) != "content") continue;
        auto client = rpc::BlockingContentClient::connect("127.0.0.1", static_cast<uint16_t>(int64_t(p["ports"]["thrift"])));
        auto ping = client.ok() ? (*client)->ping(2000ms) : Result<protocol::PingReply>(client.status());
        if (!ping.ok() || ping->config_generation < generation) all = false;
      }
    }
    if (all) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::vector<std::string> LiveCluster::kill_configserver() const {
  int64_t pid = 0;
  simdjson::dom::parser parser;
  for (simdjson::dom::element p : simdjson::dom::array(parser.load(data + "/cluster.json")["processes"])) {
    if (std::string_view(p["kind"]) == "configserver") pid = int64_t(p["pid"]);
  }
  BOOST_REQUIRE(pid > 0);
  std::vector<std::string> argv;
  {
    std::ifstream in(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
    for (std::string arg; std::getline(in, arg, '\0');) argv.push_back(arg);
  }
  BOOST_REQUIRE(argv.size() > 2);
  BOOST_REQUIRE(::kill(static_cast<pid_t>(pid), SIGKILL) == 0);
  // Bounded: the process is gone (a zombie of grove up's, reaped by no one, reads as gone too).
  for (int i = 0; i < 100; ++i) {
    std::ifstream stat(fmt::format("/proc/{}/stat", pid));
    std::string line;
    if (!stat || !std::getline(stat, line) || line.find(") Z ") != std::string::npos) break;
    std::this_thread::sleep_for(20ms);
  }
  return argv;
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

std::string WriteLoad::first_failure() const {
  std::lock_guard lock(mutex_);
  return first_failure_;
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
    auto [status, body] = cluster_.put_reply(fmt::format("{}-{}", prefix_, i), fmt::format("load {}", i));
    std::lock_guard lock(mutex_);
    outcomes_.emplace_back(at, status);
    if (status != 200 && first_failure_.empty()) {
      first_failure_ = fmt::format("write {} at {} ms: {} {}", i, ms_since(at), status, body.substr(0, 500));
    }
  }
}

QueryLoad::QueryLoad(const LiveCluster& cluster, std::string where, std::optional<int64_t> expected_total)
    : cluster_(cluster), where_(std::move(where)), expected_(expected_total), thread_([this] { run(); }) {}

void QueryLoad::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void QueryLoad::note(std::string what) {
  // With the wall-clock time (UTC), to find the moment in the processes' logs.
  if (first_problem.empty()) first_problem = fmt::format("{} (at {:%H:%M:%S} UTC)", what, std::chrono::system_clock::now());
}

void QueryLoad::run() {
  for (int i = 0; i < 200000 && !stopping_; ++i) {  // bounded; stop() ends it long before
    LiveCluster::Answer a = cluster_.query(where_);
    std::lock_guard lock(mutex_);
    if (a.status != 200) {
      ++failed;
      note(fmt::format("query {}: status {}: {}", i, a.status, a.error));
    } else if (!a.full) {
      ++partial;
      note(fmt::format("query {}: partial coverage, total {} in group {}", i, a.total, a.group));
    } else if (expected_ && a.total != *expected_) {
      ++wrong_total;
      note(fmt::format("query {}: total {} (want {}) in group {}", i, a.total, *expected_, a.group));
    } else {
      ++ok;
    }
    groups.insert(a.group);
    std::this_thread::sleep_for(5ms);
  }
}

}  // namespace grove::testing
