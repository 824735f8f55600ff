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
#include <thread>

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

// "KEY=127.0.0.1:PORT,..." for every content node of `cluster`: what a content node needs to
// reach the other nodes of its cluster (the distributor role).
std::string cluster_nodes_arg(const ClusterState& state, const std::string& cluster) {
  std::string out;
  for (const auto& p : state.processes) {
    if (p.kind != "content" || p.cluster != cluster) continue;
    out += fmt::format("{}{}=127.0.0.1:{}", out.empty() ? "" : ",", p.key, p.port);
  }
  return out;
}

Status wait_healthy(const ClusterProcess& p, int timeout_s) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < until) {
    if (!process_running(p.pid)) {
      return Status::Unavailable(fmt::format("{} node {} of '{}' exited during start-up; its log:\n{}",
                                             p.kind, p.key, p.cluster, log_tail(p.log, 15)));
    }
    auto reply = http::http_request("127.0.0.1", p.http_port, "GET", "/state/v1/health", {}, {},
                                    std::chrono::milliseconds(1000));
    if (reply.ok() && reply->status == 200) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::DeadlineExceeded(fmt::format("{} node {} of '{}' was not healthy within {} s; see {}",
                                              p.kind, p.key, p.cluster, timeout_s, p.log));
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
  w.begin_object().key("application").string(application).key("processes").begin_array();
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

// Starts the processes of one kind and waits until each is healthy; on failure stops all.
static Status start_kind(ClusterState& state, const std::string& kind, const UpOptions& options) {
  std::string content_bin = bin_dir() + "/grove-content";
  std::string container_bin = bin_dir() + "/grove-container";
  std::string nodes_arg;
  for (const auto& p : state.processes) {
    if (p.kind != "content") continue;
    nodes_arg += fmt::format("{}{}:{}=127.0.0.1:{}", nodes_arg.empty() ? "" : ",", p.cluster, p.key, p.port);
  }
  for (auto& p : state.processes) {
    if (p.kind != kind) continue;
    std::vector<std::string> argv =
        kind == "container"
            ? std::vector<std::string>{container_bin, "--app", state.application, "--port",
                                       std::to_string(p.port), "--nodes", nodes_arg}
            : std::vector<std::string>{content_bin, "--data-dir", p.data_dir, "--port",
                                       std::to_string(p.port), "--http-port",
                                       std::to_string(p.http_port), "--app", state.application,
                                       "--cluster", p.cluster, "--key", std::to_string(p.key),
                                       "--nodes", cluster_nodes_arg(state, p.cluster)};
    // Detached (a session of its own), so the process outlives this command.
    Result<ChildProcess> child = ChildProcess::start(argv, {.output_path = p.log, .detach = true});
    if (!child.ok()) {
      (void)state.write(options.data_dir + "/cluster.json");
      (void)cluster_down(options.data_dir, 10);  // what already started
      return child.status();
    }
    p.pid = child->release();
  }
  GROVE_RETURN_IF_ERROR(state.write(options.data_dir + "/cluster.json"));
  for (const auto& p : state.processes) {
    if (p.kind != kind) continue;
    Status healthy = wait_healthy(p, options.health_timeout_s);
    if (!healthy.ok()) {
      (void)cluster_down(options.data_dir, 10);
      return healthy;
    }
  }
  return Status::Ok();
}

Result<ClusterState> cluster_up(const config::ApplicationModel& model, const UpOptions& options) {
  std::string state_path = options.data_dir + "/cluster.json";
  if (auto old = ClusterState::read(state_path); old.ok()) {
    for (const auto& p : old->processes) {
      if (ours(p)) {
        return Status::InvalidArgument(fmt::format(
            "a cluster started from {} is still running (pid {}); run grove down --data {} first",
            options.data_dir, p.pid, options.data_dir));
      }
    }
  }
  ClusterState state;
  state.application = fs::absolute(options.app_dir).string();
  uint16_t port = options.base_port;
  for (const auto& cluster : model.content_clusters()) {
    for (const config::ContentNode* node : cluster.all_nodes()) {
      ClusterProcess p;
      p.kind = "content";
      p.cluster = cluster.id;
      p.key = node->distribution_key;
      p.port = port;
      p.http_port = static_cast<uint16_t>(port + 1);
      port = static_cast<uint16_t>(port + 2);
      for (uint16_t candidate : {p.port, p.http_port}) {
        if (!port_free(candidate)) {
          return Status::Unavailable(fmt::format(
              "port {} on 127.0.0.1 is taken; choose other ports with --base-port", candidate));
        }
      }
      p.data_dir = fmt::format("{}/{}/node{}", options.data_dir, cluster.id, p.key);
      p.log = fmt::format("{}/logs/{}-node{}.log", options.data_dir, cluster.id, p.key);
      state.processes.push_back(std::move(p));
    }
  }
  for (const auto& cluster : model.container_clusters()) {
    for (size_t i = 0; i < cluster.nodes.size(); ++i) {
      ClusterProcess p;
      p.kind = "container";
      p.cluster = cluster.id;
      p.key = static_cast<uint16_t>(i);
      uint16_t first = options.container_port ? options.container_port : cluster.http_port;
      p.port = static_cast<uint16_t>(first + i);  // one host: the next ports
      p.http_port = p.port;
      bool given = std::any_of(state.processes.begin(), state.processes.end(), [&](const auto& q) {
        return q.port == p.port || q.http_port == p.port;
      });
      if (given || !port_free(p.port)) {
        return Status::Unavailable(fmt::format(
            "port {} on 127.0.0.1 (container '{}') is {}; choose another with --container-port "
            "or <server port> in services.xml", p.port, cluster.id,
            given ? "one of the content nodes' ports" : "taken"));
      }
      p.log = fmt::format("{}/logs/{}-container{}.log", options.data_dir, cluster.id, i);
      state.processes.push_back(std::move(p));
    }
  }
  std::error_code ec;
  fs::create_directories(options.data_dir + "/logs", ec);
  if (ec) return Status::IoError(fmt::format("cannot create {}: {}", options.data_dir, ec.message()));
  // Content nodes first: a container that starts before them would find no group to serve.
  GROVE_RETURN_IF_ERROR(start_kind(state, "content", options));
  GROVE_RETURN_IF_ERROR(start_kind(state, "container", options));
  return state;
}

Status cluster_down(const std::string& data_dir, int grace_s) {
  std::string state_path = data_dir + "/cluster.json";
  GROVE_ASSIGN_OR_RETURN(ClusterState state, ClusterState::read(state_path));
  std::vector<pid_t> running;
  for (const auto& p : state.processes) {
    if (ours(p)) running.push_back(p.pid);
  }
  // A pid is signalled again only while it is still the recorded process.
  stop_processes(running, std::chrono::seconds(grace_s), [&state](pid_t pid) {
    return std::any_of(state.processes.begin(), state.processes.end(),
                       [pid](const ClusterProcess& p) { return p.pid == pid && ours(p); });
  });
  std::error_code ec;
  fs::remove(state_path, ec);
  return Status::Ok();
}

}  // namespace grove::cli
