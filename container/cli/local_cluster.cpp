#include "container/cli/local_cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include "config-model/deploy/package_archive.h"
#include "config-model/deploy/process_plan.h"
#include "services/base/child_process.h"
#include "services/base/json_writer.h"
#include "services/http/http_client.h"

namespace grove::cli {

namespace fs = std::filesystem;

namespace {

bool port_free(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

std::string bin_dir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("build/bin") : self.parent_path().string();
}

std::string log_tail(const std::string& path, size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    out += "    " + all[i] + "\n";
  }
  return out;
}

std::string describe(const ClusterProcess& p) {
  if (p.kind == "configserver") return "the config server";
  if (p.kind == "node") return "the host supervisor";
  return fmt::format("{} {} of '{}'", p.kind == "content" ? "content node" : "container", p.key, p.cluster);
}

Status wait_healthy(const ClusterProcess& p, int timeout_s) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < until) {
    if (!process_running(p.pid)) {
      return Status::Unavailable(fmt::format("{} exited during start-up; its log ({}):\n{}", describe(p), p.log,
                                             log_tail(p.log, 15)));
    }
    auto reply = http::http_request("127.0.0.1", p.http_port, "GET", "/state/v1/health", {}, {},
                                    std::chrono::milliseconds(1000));
    // The supervisor is "initializing" until the first deploy: answering is enough for it.
    if (reply.ok() && (reply->status == 200 || p.kind == "node")) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::DeadlineExceeded(fmt::format("{} was not healthy within {} s; see {}", describe(p), timeout_s, p.log));
}

}  // namespace

bool ours(const ClusterProcess& p) {
  if (!process_running(p.pid)) return false;
  std::ifstream in(fmt::format("/proc/{}/cmdline", p.pid), std::ios::binary);
  std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (p.kind == "container") {
    // A container has no data directory; its binary and port identify it.
    std::string port_arg = std::string("--port") + '\0' + std::to_string(p.port) + '\0';
    return cmdline.find("grove-container") != std::string::npos &&
           cmdline.find(port_arg) != std::string::npos;
  }
  return cmdline.find(p.data_dir) != std::string::npos;
}

Result<ClusterState> ClusterState::read(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.load(path).get(root)) return Status::NotFound(fmt::format("no cluster state at {}", path));
  ClusterState state;
  try {
    state.application = std::string(std::string_view(root["application"]));
    state.configserver_port = static_cast<uint16_t>(int64_t(root["configserver_port"]));
    state.generation = static_cast<uint64_t>(int64_t(root["generation"]));
    for (simdjson::dom::element p : simdjson::dom::array(root["processes"])) {
      ClusterProcess cp;
      cp.kind = std::string(std::string_view(p["kind"]));
      cp.cluster = std::string(std::string_view(p["cluster"]));
      cp.key = static_cast<uint16_t>(int64_t(p["key"]));
      cp.port = static_cast<uint16_t>(int64_t(p["port"]));
      cp.http_port = static_cast<uint16_t>(int64_t(p["http_port"]));
      cp.pid = static_cast<int>(int64_t(p["pid"]));
      cp.data_dir = std::string(std::string_view(p["data_dir"]));
      cp.log = std::string(std::string_view(p["log"]));
      state.processes.push_back(std::move(cp));
    }
  } catch (const simdjson::simdjson_error& e) {
    return Status::Corruption(fmt::format("{}: not a cluster state file: {}", path, e.what()));
  }
  return state;
}

Status ClusterState::write(const std::string& path) const {
  JsonWriter w;
  w.begin_object().key("application").string(application);
  w.key("configserver_port").number(unsigned{configserver_port}).key("generation").number(generation);
  w.key("processes").begin_array();
  for (const auto& p : processes) {
    w.begin_object().key("kind").string(p.kind).key("cluster").string(p.cluster);
    w.key("key").number(unsigned{p.key}).key("port").number(unsigned{p.port});
    w.key("http_port").number(unsigned{p.http_port}).key("pid").number(p.pid);
    w.key("data_dir").string(p.data_dir).key("log").string(p.log).end_object();
  }
  w.end_array().end_object();
  std::ofstream out(path);
  out << w.str() << "\n";
  return out ? Status::Ok() : Status::IoError(fmt::format("cannot write {}", path));
}

namespace {

// A port that was free a moment ago (the kernel's choice).
uint16_t any_free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

// `wanted`, or a free port for 0; Unavailable naming `flag` when `wanted` is taken.
Result<uint16_t> choose_port(uint16_t wanted, std::string_view what, std::string_view flag) {
  if (wanted == 0) {
    uint16_t port = any_free_port();
    if (port == 0) return Status::Unavailable(fmt::format("no free port on 127.0.0.1 for the {}", what));
    return port;
  }
  if (!port_free(wanted)) {
    return Status::Unavailable(fmt::format("port {} on 127.0.0.1 ({}) is taken; choose another with {} (0: any free port)",
                                           wanted, what, flag));
  }
  return wanted;
}

// Starts one control-plane process, detached (it outlives this command), and records it.
Status start_detached(ClusterState& state, ClusterProcess p, const std::vector<std::string>& argv) {
  Result<ChildProcess> child = ChildProcess::start(argv, {.output_path = p.log, .detach = true});
  if (!child.ok()) return child.status();
  p.pid = child->release();
  state.processes.push_back(std::move(p));
  return Status::Ok();
}

// Stops what cluster_up started so far, after a failure.
Status give_up(const ClusterState& state, const UpOptions& options, Status why) {
  (void)state.write(options.data_dir + "/cluster.json");
  (void)cluster_down(options.data_dir, 10);
  return why;
}

// The supervisor's pids of its children: "kind/cluster/key" -> pid.
std::map<std::string, int> supervised_pids(uint16_t node_port) {
  std::map<std::string, int> out;
  auto reply = http::http_get("127.0.0.1", node_port, "/state/v1/processes", std::chrono::milliseconds(2000));
  if (reply.status != 200) return out;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(reply.body).get(root)) return out;
  simdjson::dom::array list;
  if (root["processes"].get(list)) return out;
  for (simdjson::dom::element p : list) {
    std::string_view kind, cluster;
    int64_t key = 0, pid = 0;
    if (p["kind"].get(kind) || p["cluster"].get(cluster) || p["key"].get(key) || p["pid"].get(pid)) continue;
    out[fmt::format("{}/{}/{}", kind, cluster, key)] = static_cast<int>(pid);
  }
  return out;
}

// True when every content cluster's published state has every node up (storage and
// distributor) and every node has acknowledged it, from the config server's /status.json.
bool all_nodes_up(uint16_t cs_port) {
  auto reply = http::http_get("127.0.0.1", cs_port, "/status.json", std::chrono::milliseconds(2000));
  if (reply.status != 200) return false;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array clusters;
  if (parser.parse(reply.body).get(root) || root["clusters"].get(clusters)) return false;
  for (simdjson::dom::element c : clusters) {
    bool published = false;
    int64_t version = 0;
    simdjson::dom::array nodes;
    if (c["published"].get(published) || !published || c["version"].get(version) || c["nodes"].get(nodes)) {
      return false;
    }
    for (simdjson::dom::element n : nodes) {
      std::string_view storage, distributor;
      int64_t acknowledged = 0;
      if (n["storage"].get(storage) || n["distributor"].get(distributor) ||
          n["acknowledged-version"].get(acknowledged)) {
        return false;
      }
      // Each node must place by that state already: a distributor still on an older one (with
      // nodes down that are up now) would write replicas where the new state does not index them.
      if (storage != "u" || distributor != "u" || acknowledged != version) return false;
    }
  }
  return true;
}

}  // namespace

Result<ClusterState> cluster_up(const config::ApplicationModel& model, const UpOptions& options) {
  const std::string state_path = options.data_dir + "/cluster.json";
  if (auto old = ClusterState::read(state_path); old.ok()) {
    for (const auto& p : old->processes) {
      if (ours(p)) {
        return Status::InvalidArgument(fmt::format(
            "a cluster started from {} is still running (pid {}); run grove down --data {} first",
            options.data_dir, p.pid, options.data_dir));
      }
    }
  }
  // The plan the config server will make for a first deploy (the same function): its ports must
  // be free before anything starts.
  deploy::ProcessPlanOptions plan_options;
  plan_options.base_port = options.base_port;
  plan_options.container_port = options.container_port;
  GROVE_ASSIGN_OR_RETURN(uint16_t cs_port, choose_port(options.configserver_port, "config server", "--configserver-port"));
  GROVE_ASSIGN_OR_RETURN(uint16_t node_port, choose_port(options.node_port, "host supervisor", "--node-port"));
  plan_options.reserved_ports = {19070, cs_port, node_port};
  GROVE_ASSIGN_OR_RETURN(deploy::ProcessPlan plan, deploy::plan_processes(model, nullptr, 1, plan_options));
  for (const deploy::PlannedProcess& p : plan.processes) {
    for (uint16_t port : {p.thrift_port, p.http_port}) {
      if (port != 0 && !port_free(port)) {
        return Status::Unavailable(fmt::format(
            "port {} on 127.0.0.1 ({}) is taken; choose other ports with {}", port, p.describe(),
            p.kind == deploy::ProcessKind::kContainer ? "--container-port or <server port> in services.xml"
                                                      : "--base-port"));
      }
    }
  }
  std::error_code ec;
  fs::create_directories(options.data_dir + "/logs", ec);
  if (ec) return Status::IoError(fmt::format("cannot create {}: {}", options.data_dir, ec.message()));
  const std::string data = fs::absolute(options.data_dir).string();
  ClusterState state;
  state.application = fs::absolute(options.app_dir).string();
  state.configserver_port = cs_port;

  ClusterProcess cs{"configserver", "", 0, cs_port, cs_port, 0, data + "/configserver", data + "/logs/configserver.log"};
  std::vector<std::string> cs_argv = {bin_dir() + "/grove-configserver", "--data-dir", cs.data_dir, "--http-port",
                                      std::to_string(cs_port), "--base-port", std::to_string(options.base_port)};
  if (options.container_port != 0) {
    cs_argv.insert(cs_argv.end(), {"--container-port", std::to_string(options.container_port)});
  }
  GROVE_RETURN_IF_ERROR(start_detached(state, cs, cs_argv));
  if (Status s = wait_healthy(state.processes.back(), options.health_timeout_s); !s.ok()) return give_up(state, options, s);

  ClusterProcess node{"node", "", 0, node_port, node_port, 0, data + "/node", data + "/logs/node.log"};
  Status started = start_detached(state, node,
                                  {bin_dir() + "/grove-node", "--configserver", fmt::format("127.0.0.1:{}", cs_port),
                                   "--data-dir", node.data_dir, "--http-port", std::to_string(node_port),
                                   "--bin-dir", bin_dir()});
  if (!started.ok()) return give_up(state, options, started);
  GROVE_RETURN_IF_ERROR(state.write(state_path));
  if (Status s = wait_healthy(state.processes.back(), options.health_timeout_s); !s.ok()) return give_up(state, options, s);

  auto deployed = deploy_package(options.app_dir, "127.0.0.1", cs_port);
  if (!deployed.ok()) return give_up(state, options, deployed.status());
  if (deployed->status != 200) {
    std::string text;
    for (const std::string& line : describe_deploy(*deployed)) text += "\n  " + line;
    return give_up(state, options, Status::InvalidArgument("the config server refused the package:" + text));
  }
  auto watched = http::http_request("127.0.0.1", cs_port, "GET", "/config/v1/watch?generation=0");
  if (!watched.ok()) return give_up(state, options, watched.status());
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::element plan_json;
  if (parser.parse(watched->body).get(root) || root["plan"].get(plan_json)) {
    return give_up(state, options, Status::Internal("the config server's answer has no plan: " + watched->body));
  }
  auto active = deploy::ProcessPlan::parse_json(simdjson::to_string(plan_json));
  if (!active.ok()) return give_up(state, options, active.status());
  state.generation = active->generation;
  for (const deploy::PlannedProcess& p : active->processes) {
    ClusterProcess cp;
    cp.kind = std::string(deploy::process_kind_name(p.kind));
    cp.cluster = p.cluster;
    cp.key = p.key;
    cp.port = p.kind == deploy::ProcessKind::kContent ? p.thrift_port : p.http_port;
    cp.http_port = p.http_port;
    cp.data_dir = p.kind == deploy::ProcessKind::kContent ? node.data_dir + "/data/" + p.data_dir : "";
    cp.log = fmt::format("{}/logs/{}-{}-{}.log", node.data_dir, cp.kind, p.cluster, p.key);
    state.processes.push_back(std::move(cp));
  }
  // Content nodes first, then containers (a container is up once it has pinged the nodes).
  const auto supervisor_alive = [&] { return process_running(state.processes[1].pid); };
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(options.health_timeout_s);
  for (auto& p : state.processes) {
    if (p.kind != "content" && p.kind != "container") continue;
    bool up = false;
    while (!up && std::chrono::steady_clock::now() < until && supervisor_alive()) {
      up = http::http_get("127.0.0.1", p.http_port, "/state/v1/health", std::chrono::milliseconds(1000)).status == 200;
      if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!up) {
      return give_up(state, options, Status::DeadlineExceeded(fmt::format(
          "{} was not healthy within {} s; its log ({}):\n{}", describe(p), options.health_timeout_s, p.log,
          log_tail(p.log, 15))));
    }
  }
  // And until the cluster controller has published a state with every node up, so that writes
  // route by it from the start.
  bool published = false;
  while (!published && std::chrono::steady_clock::now() < until) {
    published = all_nodes_up(cs_port);
    if (!published) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!published) {
    return give_up(state, options, Status::DeadlineExceeded(fmt::format(
        "the cluster controller did not publish a state with every node up within {} s; see "
        "http://127.0.0.1:{}/status and {}", options.health_timeout_s, cs_port, cs.log)));
  }
  std::map<std::string, int> pids = supervised_pids(node_port);
  for (auto& p : state.processes) {
    auto found = pids.find(fmt::format("{}/{}/{}", p.kind, p.cluster, p.key));
    if (found != pids.end()) p.pid = found->second;
  }
  GROVE_RETURN_IF_ERROR(state.write(state_path));
  return state;
}

Status cluster_down(const std::string& data_dir, int grace_s) {
  std::string state_path = data_dir + "/cluster.json";
  GROVE_ASSIGN_OR_RETURN(ClusterState state, ClusterState::read(state_path));
  auto stop_kinds = [&](std::initializer_list<std::string_view> kinds) {
    std::vector<pid_t> running;
    for (const auto& p : state.processes) {
      if (std::find(kinds.begin(), kinds.end(), p.kind) != kinds.end() && ours(p)) running.push_back(p.pid);
    }
    // A pid is signalled again only while it is still the recorded process.
    stop_processes(running, std::chrono::seconds(grace_s), [&state](pid_t pid) {
      return std::any_of(state.processes.begin(), state.processes.end(),
                         [pid](const ClusterProcess& p) { return p.pid == pid && ours(p); });
    });
  };
  stop_kinds({"node"});                    // the supervisor stops its children first
  stop_kinds({"content", "container"});    // any it could not
  stop_kinds({"configserver"});
  std::error_code ec;
  fs::remove(state_path, ec);
  return Status::Ok();
}

Result<DeployReply> deploy_package(const std::string& app_dir, const std::string& host, uint16_t port) {
  GROVE_ASSIGN_OR_RETURN(std::string bytes, deploy::pack_package(app_dir, deploy::PackageLimits{}));
  GROVE_ASSIGN_OR_RETURN(http::HttpReply reply,
                         http::http_request(host, port, "POST", "/application/v2/tenant/default/prepareandactivate",
                                            bytes, "application/x-gzip", std::chrono::seconds(120)));
  return DeployReply{reply.status, std::move(reply.body)};
}

std::vector<std::string> describe_deploy(const DeployReply& reply) {
  std::vector<std::string> lines;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(reply.body).get(root)) {
    lines.push_back(fmt::format("HTTP {}: {}", reply.status, reply.body.substr(0, 500)));
    return lines;
  }
  auto strings = [&](const char* key) {
    simdjson::dom::array list;
    if (root[key].get(list)) return;
    for (simdjson::dom::element e : list) {
      std::string_view text;
      if (!e.get(text)) lines.emplace_back(text);
    }
  };
  if (reply.status == 200) {
    int64_t generation = 0;
    if (root["generation"].get(generation) != simdjson::SUCCESS) generation = 0;
    lines.push_back(fmt::format("generation {} is active", generation));
    strings("summary");
    strings("notes");
    strings("log");
    return lines;
  }
  simdjson::dom::array errors;
  if (!root["errors"].get(errors)) {
    for (simdjson::dom::element e : errors) {
      std::string_view text;
      if (!e["text"].get(text)) lines.emplace_back(text);
    }
  }
  if (lines.empty()) {
    std::string_view message;
    lines.emplace_back(root["message"].get(message) ? reply.body : std::string(message));
  }
  return lines;
}

}  // namespace grove::cli
