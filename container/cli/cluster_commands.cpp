#include "container/cli/cluster_commands.h"

#include <fmt/format.h>

#include "container/cli/local_cluster.h"
#include <simdjson.h>

#include <filesystem>

#include "services/base/flags.h"
#include "services/base/strings.h"
#include "services/http/http_client.h"

namespace grove::cli {

int run_up(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(argc, argv,
                           {.with_value = {"data", "base-port", "container-port", "configserver-port", "node-port"}, .positional = true});
  if (!args.ok() || args->positional().size() != 1) {
    fmt::print(err,
               "grove up: {}\nusage: grove up APP_DIR [--data DIR] [--base-port N] [--container-port N]\n"
               "                [--configserver-port N (19071; 0: any free)] [--node-port N (19098; 0: any free)]\n",
               args.ok() ? "expected one APP_DIR" : args.status().message());
    return 2;
  }
  UpOptions options;
  options.app_dir = args->positional()[0];
  options.data_dir = args->get("data", options.data_dir);
  auto base_port = args->get_int("base-port", options.base_port, 0, 65535);
  auto container_port = args->get_int("container-port", options.container_port, 0, 65535);
  auto cs_port = args->get_int("configserver-port", options.configserver_port, 0, 65535);
  auto node_port = args->get_int("node-port", options.node_port, 0, 65535);
  for (const auto* port : {&base_port, &container_port, &cs_port, &node_port}) {
    if (!port->ok()) {
      fmt::print(err, "grove up: {}\n", port->status().message());
      return 2;
    }
  }
  options.base_port = static_cast<uint16_t>(*base_port);
  options.container_port = static_cast<uint16_t>(*container_port);
  options.configserver_port = static_cast<uint16_t>(*cs_port);
  options.node_port = static_cast<uint16_t>(*node_port);
  auto loaded = config::ApplicationModel::load(options.app_dir);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) {
      if (d.is_error()) fmt::print(err, "{}/{}\n", options.app_dir, d.to_string());
    }
    fmt::print(err, "grove up: {} is {}; nothing started\n", options.app_dir,
               loaded.readable ? "invalid" : "unreadable");
    return loaded.readable ? 1 : 2;
  }
  fmt::print(out, "starting a config server and a host supervisor, deploying {} (data and logs in {})\n",
             options.app_dir, options.data_dir);
  std::fflush(out);
  auto state = cluster_up(*loaded.model, options);
  if (!state.ok()) {
    fmt::print(err, "grove up: {}\n", state.status().message());
    return 1;
  }
  size_t serving = 0;
  for (const auto& p : state->processes) {
    if (p.kind == "configserver") {
      fmt::print(out, "  config server: http://127.0.0.1:{}/status (deploy API, /cluster/v2; pid {})\n", p.port, p.pid);
    } else if (p.kind == "node") {
      fmt::print(out, "  host supervisor: http://127.0.0.1:{}/state/v1/processes (pid {})\n", p.port, p.pid);
    } else if (p.kind == "container") {
      ++serving;
      fmt::print(out, "  container {} of '{}': http://127.0.0.1:{}/search/ (pid {})\n", p.key,
                 p.cluster, p.port, p.pid);
    } else {
      ++serving;
      fmt::print(out, "  content node {} of '{}': thrift 127.0.0.1:{}, state http://127.0.0.1:{}/state/v1/health (pid {})\n",
                 p.key, p.cluster, p.port, p.http_port, p.pid);
    }
  }
  fmt::print(out, "generation {} is active; all {} processes are up; stop them with: grove down --data {}\n",
             state->generation, serving, options.data_dir);
  return 0;
}

int run_down(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(argc, argv, {.with_value = {"data"}, .positional = true});
  if (!args.ok() || !args->positional().empty()) {
    fmt::print(err, "grove down: {}\nusage: grove down [--data DIR]\n",
               args.ok() ? "takes no positional arguments" : args.status().message());
    return 2;
  }
  std::string data = args->get("data", "var/cluster");
  Status status = cluster_down(data);
  if (!status.ok()) {
    fmt::print(err, "grove down: {}\n", status.message());
    return status.code() == StatusCode::kNotFound ? 1 : 2;
  }
  fmt::print(out, "stopped the cluster in {}\n", data);
  return 0;
}

namespace {

// The config server to talk to: --configserver HOST:PORT, else the one `grove up --data DIR`
// recorded, else 127.0.0.1:19071.
Result<HostPort> configserver_of(const Flags& args) {
  if (std::string given = args.get("configserver"); !given.empty()) return parse_host_port(given, "--configserver");
  auto state = ClusterState::read(args.get("data", "var/cluster") + "/cluster.json");
  if (state.ok()) return HostPort{"127.0.0.1", state->configserver_port};
  return HostPort{"127.0.0.1", 19071};
}

std::string_view storage_name(std::string_view letter) {
  if (letter == "u") return "up";
  if (letter == "d") return "down";
  if (letter == "m") return "maintenance";
  if (letter == "r") return "retired";
  if (letter == "i") return "initializing";
  if (letter == "s") return "stopping";
  return letter;
}

}  // namespace

int run_status(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(argc, argv, {.with_value = {"data", "configserver"}, .positional = true});
  if (!args.ok() || !args->positional().empty()) {
    fmt::print(err, "grove status: {}\nusage: grove status [--data DIR] [--configserver HOST:PORT]\n",
               args.ok() ? "takes no positional arguments" : args.status().message());
    return 2;
  }
  std::string data = args->get("data", "var/cluster");
  if (args->get("configserver").empty() && !std::filesystem::exists(data + "/cluster.json")) {
    fmt::print(err, "grove status: no cluster state at {}/cluster.json (start one with grove up APP_DIR --data {}, "
               "or give --configserver HOST:PORT)\n", data, data);
    return 1;
  }
  auto cs = configserver_of(*args);
  if (!cs.ok()) {
    fmt::print(err, "grove status: {}\n", cs.status().message());
    return 2;
  }
  auto reply = http::http_request(cs->host, cs->port, "GET", "/status.json", {}, {}, std::chrono::milliseconds(5000));
  if (!reply.ok() || reply->status != 200) {
    fmt::print(err, "grove status: the config server at {}:{} does not answer: {}\n", cs->host, cs->port,
               reply.ok() ? "HTTP " + std::to_string(reply->status) : reply.status().message());
    return 1;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(reply->body).get(root)) {
    fmt::print(err, "grove status: the config server's /status.json is not JSON\n");
    return 1;
  }
  int not_up = 0;
  fmt::print(out, "config server {}:{}: generation {}\n", cs->host, cs->port, int64_t(root["generation"]));
  for (simdjson::dom::element c : simdjson::dom::array(root["clusters"])) {
    std::string_view id = c["id"], state = c["state"], why = c["not-published-reason"];
    fmt::print(out, "content cluster '{}': {}\n", id,
               state.empty() ? "no cluster state published yet: " + std::string(why) : "cluster state " + std::string(state));
    std::string group = "\x01";
    for (simdjson::dom::element n : simdjson::dom::array(c["nodes"])) {
      std::string_view g = n["group"];
      if (g != group) {
        group = std::string(g);
        if (!group.empty()) fmt::print(out, "  group {}\n", group);
      }
      std::string_view storage = storage_name(std::string_view(n["storage"]));
      if (storage != "up") ++not_up;
      std::string_view reported = n["reported"], wanted = n["wanted"], reason = n["generated-reason"];
      int64_t pending = 0;
      (void)n["maintenance"]["pending"].get(pending);
      fmt::print(out, "    content node {} of '{}': {} (reported {}, wanted {}), {} active / {} total documents{}{}\n",
                 int64_t(n["key"]), id, storage, reported, wanted, int64_t(n["active-docs"]), int64_t(n["total-docs"]),
                 pending > 0 ? fmt::format(", {} buckets pending", pending) : "",
                 reason.empty() ? "" : "; " + std::string(reason));
    }
    simdjson::dom::element m;
    if (!c["maintenance"].get(m)) {
      const int64_t pending = int64_t(m["pending"]);
      const double rate = double(m["bytes-per-second"]), eta = double(m["eta-seconds"]);
      if (pending == 0) {
        fmt::print(out, "  bucket maintenance: every bucket at its ideal state ({} documents, {:.1f} MB moved)\n",
                   int64_t(m["documents-moved"]), double(int64_t(m["bytes-moved"])) / 1e6);
      } else {
        fmt::print(out,
                   "  bucket maintenance: {} buckets pending ({} to merge, {} too few copies, {} too many, {} without "
                   "an active copy); {} documents ({:.1f} MB) moved, {:.1f} MB/s{}\n",
                   pending, int64_t(m["pending-merge"]), int64_t(m["too-few-copies"]), int64_t(m["too-many-copies"]),
                   int64_t(m["without-active"]), int64_t(m["documents-moved"]),
                   double(int64_t(m["bytes-moved"])) / 1e6, rate / 1e6,
                   eta > 0 ? fmt::format(", about {:.0f} s left", eta) : "");
      }
    }
  }
  for (simdjson::dom::element p : simdjson::dom::array(root["processes"])) {
    if (std::string_view(p["kind"]) != "container") continue;
    uint16_t port = static_cast<uint16_t>(int64_t(p["http-port"]));
    auto health = http::http_get("127.0.0.1", port, "/state/v1/health", std::chrono::milliseconds(2000));
    bool up = health.status == 200 && health.body.find("\"up\"") != std::string::npos;
    if (!up) ++not_up;
    fmt::print(out, "container {} of '{}': http://127.0.0.1:{}/search/ {}\n", int64_t(p["key"]),
               std::string_view(p["cluster"]), port, up ? "up" : health.status == 0 ? "not answering" : "not up");
  }
  return not_up == 0 ? 0 : 1;
}

int run_deploy(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(argc, argv, {.with_value = {"data", "configserver"}, .positional = true});
  if (!args.ok() || args->positional().size() != 1) {
    fmt::print(err, "grove deploy: {}\nusage: grove deploy APP_DIR [--configserver HOST:PORT] [--data DIR]\n",
               args.ok() ? "expected one APP_DIR" : args.status().message());
    return 2;
  }
  auto cs = configserver_of(*args);
  if (!cs.ok()) {
    fmt::print(err, "grove deploy: {}\n", cs.status().message());
    return 2;
  }
  auto reply = deploy_package(args->positional()[0], cs->host, cs->port);
  if (!reply.ok()) {
    fmt::print(err, "grove deploy: {}\n", reply.status().message());
    return reply.status().code() == StatusCode::kInvalidArgument ? 1 : 2;
  }
  std::FILE* to = reply->status == 200 ? out : err;
  if (reply->status != 200) fmt::print(err, "grove deploy: the config server refused the package (HTTP {}):\n", reply->status);
  for (const std::string& line : describe_deploy(*reply)) fmt::print(to, "{}{}\n", reply->status == 200 ? "" : "  ", line);
  return reply->status == 200 ? 0 : 1;
}

}  // namespace grove::cli
