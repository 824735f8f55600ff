#include "container/cli/cluster_commands.h"

#include <fmt/format.h>

#include "container/cli/local_cluster.h"
#include "services/base/flags.h"
#include "services/http/http_client.h"

namespace grove::cli {

int run_up(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(argc, argv,
                           {.with_value = {"data", "base-port", "container-port"}, .positional = true});
  if (!args.ok() || args->positional().size() != 1) {
    fmt::print(err,
               "grove up: {}\nusage: grove up APP_DIR [--data DIR] [--base-port N] "
               "[--container-port N]\n",
               args.ok() ? "expected one APP_DIR" : args.status().message());
    return 2;
  }
  UpOptions options;
  options.app_dir = args->positional()[0];
  options.data_dir = args->get("data", options.data_dir);
  auto base_port = args->get_int("base-port", options.base_port, 0, 65535);
  auto container_port = args->get_int("container-port", options.container_port, 0, 65535);
  for (const auto* port : {&base_port, &container_port}) {
    if (!port->ok()) {
      fmt::print(err, "grove up: {}\n", port->status().message());
      return 2;
    }
  }
  options.base_port = static_cast<uint16_t>(*base_port);
  options.container_port = static_cast<uint16_t>(*container_port);
  auto loaded = config::ApplicationModel::load(options.app_dir);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) {
      if (d.is_error()) fmt::print(err, "{}/{}\n", options.app_dir, d.to_string());
    }
    fmt::print(err, "grove up: {} is {}; nothing started\n", options.app_dir,
               loaded.readable ? "invalid" : "unreadable");
    return loaded.readable ? 1 : 2;
  }
  fmt::print(out, "starting the processes of {} (data and logs in {})\n", options.app_dir,
             options.data_dir);
  std::fflush(out);
  auto state = cluster_up(*loaded.model, options);
  if (!state.ok()) {
    fmt::print(err, "grove up: {}\n", state.status().message());
    return 1;
  }
  for (const auto& p : state->processes) {
    if (p.kind == "container") {
      fmt::print(out, "  container {} of '{}': http://127.0.0.1:{}/search/ (pid {})\n", p.key,
                 p.cluster, p.port, p.pid);
    } else {
      fmt::print(out, "  content node {} of '{}': thrift 127.0.0.1:{}, state http://127.0.0.1:{}/state/v1/health (pid {})\n",
                 p.key, p.cluster, p.port, p.http_port, p.pid);
    }
  }
  fmt::print(out, "all {} processes are up; stop them with: grove down --data {}\n",
             state->processes.size(), options.data_dir);
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

int run_status(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(argc, argv, {.with_value = {"data"}, .positional = true});
  if (!args.ok() || !args->positional().empty()) {
    fmt::print(err, "grove status: {}\nusage: grove status [--data DIR]\n",
               args.ok() ? "takes no positional arguments" : args.status().message());
    return 2;
  }
  std::string data = args->get("data", "var/cluster");
  auto state = ClusterState::read(data + "/cluster.json");
  if (!state.ok()) {
    fmt::print(err, "grove status: {} (start one with grove up APP_DIR --data {})\n",
               state.status().message(), data);
    return 1;
  }
  fmt::print(out, "application {}\n", state->application);
  int down = 0;
  for (const auto& p : state->processes) {
    std::string health = "not running";
    if (ours(p)) {
      auto reply = http::http_request("127.0.0.1", p.http_port, "GET", "/state/v1/health", {}, {},
                                      std::chrono::milliseconds(2000));
      health = reply.ok() ? reply->body : reply.status().message();
    }
    if (health.find("\"up\"") == std::string::npos) ++down;
    fmt::print(out, "  {} node {} of '{}' (pid {}, thrift {}): {}\n", p.kind, p.key, p.cluster,
               p.pid, p.port, health);
  }
  return down == 0 ? 0 : 1;
}

}  // namespace grove::cli
