// System test: grove-node, the host supervisor, against a config server played in the test
// (FakeConfigServer, the long-poll and package download of grove-configserver). It starts the
// plan's grove-content processes, starts one killed with SIGKILL again, starts the processes a
// second generation adds while keeping the others, stops everything on SIGTERM, and on start
// stops the processes an earlier run left behind.
//
// The content nodes are real grove-content processes, started with --configserver (they follow
// the fake config server live); the container is a script standing in for grove-container. The
// leftovers case runs grove-node with --no-configserver-arg.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <utility>

#include "config-model/deploy/package_archive.h"
#include "config-model/deploy/process_plan.h"
#include "config-model/model/application_model.h"
#include "config-model/supervisor/process_records.h"
#include "services/http/http_client.h"
#include "tests/system/system_test_support.h"
#include "tests/unit/config-model/subscription/fake_config_server.h"

namespace grove::testing {

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::string kBinDir = GROVE_BIN_DIR;
const std::string kSource = GROVE_SOURCE_DIR;

struct Child {
  std::string name, state;
  pid_t pid = -1;
  uint16_t http_port = 0;
  int64_t restarts = 0;
  int64_t last_exit = -1;  // -1: none
  bool retained = false;
};

struct Processes {
  uint64_t generation = 0;
  std::map<std::string, Child> children;  // by name
};

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 60s) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

// The plan of `app`, keeping the ports of `previous`; without its containers unless `containers`.
deploy::ProcessPlan content_plan(const std::string& app, const deploy::ProcessPlan* previous, uint64_t generation,
                                 uint16_t base_port, bool containers = false) {
  auto loaded = config::ApplicationModel::load(app);
  BOOST_REQUIRE_MESSAGE(loaded.ok(), loaded.first_error());
  auto plan = deploy::plan_processes(*loaded.model, previous, generation, {.base_port = base_port});
  BOOST_REQUIRE_MESSAGE(plan.ok(), plan.status().to_string());
  std::erase_if(plan->processes, [containers](const deploy::PlannedProcess& p) {
    return !containers && p.kind != deploy::ProcessKind::kContent;
  });
  return std::move(plan).value();
}

// A bin dir with the real grove-content and, as grove-container, a script that runs until
// SIGTERM (grove-container is not built for these tests, and the supervisor only execs it).
std::string fake_bin_dir(const std::string& dir) {
  fs::create_directories(dir);
  fs::create_symlink(kBinDir + "/grove-content", dir + "/grove-content");
  {
    std::ofstream script(dir + "/grove-container");
    script << "#!/bin/sh\ntrap 'exit 0' TERM\nwhile :; do sleep 0.1; done\n";
  }
  fs::permissions(dir + "/grove-container", fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
  return dir;
}

// grove-node on a temporary directory, following `server`.
struct Node {
  // `configserver_arg`: the children get --configserver too and follow generations live.
  Node(const FakeConfigServer& server, std::string dir_, const std::string& bin_dir = kBinDir,
       bool configserver_arg = false)
      : dir(std::move(dir_)), http_port(free_port()) {
    fs::create_directories(dir);
    std::vector<std::string> argv = {kBinDir + "/grove-node", "--bin-dir", bin_dir, "--configserver",
                                     fmt::format("127.0.0.1:{}", server.port()), "--data-dir", dir,
                                     "--http-port", std::to_string(http_port),
                                     "--poll-timeout", "1", "--config-retry-max", "0.5",
                                     "--restart-initial", "0.2", "--restart-max", "1", "--stop-grace", "20"};
    if (!configserver_arg) argv.push_back("--no-configserver-arg");
    auto started = ChildProcess::start(argv, {.output_path = dir + "/grove-node.log"});
    BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
    process.emplace(std::move(started).value());
  }
  // SIGKILL to grove-node, leaving its children running: their pids. The destructor then
  // leaves them alone too (the next supervisor on this directory is to stop them).
  std::set<pid_t> crash() {
    processes();
    process->signal(SIGKILL);
    BOOST_REQUIRE(process->wait_exit(10s).has_value());
    process.reset();
    crashed = true;
    return std::exchange(seen, {});
  }

  ~Node() {
    if (crashed) return;
    // Whatever happened, leave nothing behind: the supervisor stops its children on SIGTERM;
    // anything still recorded is stopped by its pid.
    if (process) process->stop(30s);
    std::vector<pid_t> left;
    auto records = supervisor::read_process_records(dir + "/processes.json");
    if (records.ok()) {
      for (const auto& r : *records) left.push_back(r.pid);
    }
    for (pid_t pid : seen) left.push_back(pid);
    stop_processes(left, 10s);
  }

  Processes processes() {
    Processes out;
    http::HttpReply reply = http::http_get("127.0.0.1", http_port, "/state/v1/processes", 2s);
    if (reply.status != 200) return out;
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(reply.body);
    out.generation = uint64_t(root["generation"]);
    for (simdjson::dom::element p : simdjson::dom::array(root["processes"])) {
      Child c;
      c.name = std::string(std::string_view(p["name"]));
      c.state = std::string(std::string_view(p["state"]));
      c.pid = static_cast<pid_t>(int64_t(p["pid"]));
      c.http_port = static_cast<uint16_t>(int64_t(p["ports"]["http"]));
      c.restarts = int64_t(p["restarts"]);
      c.retained = bool(p["retained"]);
      int64_t code = -1;
      if (!p["last-exit-status"].get(code)) c.last_exit = code;
      if (c.pid > 0) seen.insert(c.pid);
      out.children.emplace(c.name, c);
    }
    return out;
  }

  // True when every process named runs and answers its health check with "up".
  bool all_up(const std::vector<std::string>& names) {
    Processes now = processes();
    for (const std::string& name : names) {
      auto it = now.children.find(name);
      if (it == now.children.end() || it->second.state != "running") return false;
      http::HttpReply health = http::http_get("127.0.0.1", it->second.http_port, "/state/v1/health", 2s);
      if (health.body.find("\"up\"") == std::string::npos) return false;
    }
    return true;
  }

  std::string log() const {
    return run_command({"/usr/bin/tail", "-n", "40", dir + "/grove-node.log"}).output;
  }

  std::string dir;
  uint16_t http_port;
  std::optional<ChildProcess> process;
  std::set<pid_t> seen;  // every child pid the processes API showed
  bool crashed = false;
};

struct Fixture {
  Fixture() : dir(make_temp_dir("grove-node")), base_port(free_port_block(12)) {
    BOOST_REQUIRE(base_port != 0);
    BOOST_REQUIRE(server.start().ok());
  }
  ~Fixture() {
    server.stop();
    fs::remove_all(dir);
  }
  void deploy(const std::string& app, const deploy::ProcessPlan& plan) {
    auto package = deploy::pack_package(kSource + "/schemas/" + app, {});
    BOOST_REQUIRE(package.ok());
    server.deploy(plan.generation, std::move(package).value(), "application/x-gzip", plan.to_json());
  }

  std::string dir;
  uint16_t base_port;
  FakeConfigServer server;
};

const std::vector<std::string> kFirstTwo = {"content-music-0", "content-music-1"};
const std::vector<std::string> kAllFour = {"content-music-0", "content-music-1", "content-music-2", "content-music-3"};

}  // namespace

BOOST_AUTO_TEST_SUITE(grove_node)

BOOST_AUTO_TEST_CASE(runs_the_plan_restarts_a_killed_node_follows_a_new_generation_and_stops_all) {
  Fixture f;
  Node node(f.server, f.dir + "/node", fake_bin_dir(f.dir + "/bin"), /*configserver_arg=*/true);
  // Nothing deployed yet: up, but initializing.
  BOOST_REQUIRE_MESSAGE(eventually([&] {
    return http::http_get("127.0.0.1", node.http_port, "/state/v1/health", 2s).body.find("initializing") !=
           std::string::npos;
  }), node.log());

  deploy::ProcessPlan first = content_plan(kSource + "/schemas/music-flat", nullptr, 1, f.base_port, true);
  BOOST_REQUIRE(first.processes.size() == 3u);
  f.deploy("music-flat", first);
  BOOST_REQUIRE_MESSAGE(eventually([&] { return node.all_up(kFirstTwo); }), node.log());
  BOOST_REQUIRE_MESSAGE(eventually([&] { return node.processes().children["container-default-0"].state == "running"; }),
                        node.log());
  Processes running = node.processes();
  BOOST_TEST(running.generation == 1u);
  pid_t container = running.children.at("container-default-0").pid;
  BOOST_TEST(http::http_get("127.0.0.1", node.http_port, "/state/v1/health", 2s).body.find("\"up\"") !=
             std::string::npos);
  auto records = supervisor::read_process_records(node.dir + "/processes.json");
  BOOST_REQUIRE(records.ok());
  BOOST_TEST(records->size() == 3u);
  for (const auto& r : *records) {
    BOOST_TEST(r.pid == running.children.at(r.name).pid);
    auto flag = std::find(r.argv.begin(), r.argv.end(), "--configserver");
    BOOST_REQUIRE(flag + 1 < r.argv.end());
    BOOST_TEST(flag[1] == fmt::format("127.0.0.1:{}", f.server.port()));
  }
  BOOST_TEST(fs::exists(node.dir + "/logs/content-music-0.log"));
  BOOST_TEST(fs::exists(node.dir + "/data/music/node0"));

  // SIGKILL to node 0: it is started again, with another pid, and is healthy again.
  pid_t killed = running.children.at("content-music-0").pid;
  BOOST_REQUIRE(::kill(killed, SIGKILL) == 0);
  BOOST_REQUIRE_MESSAGE(eventually([&] {
    Processes now = node.processes();
    auto it = now.children.find("content-music-0");
    return it != now.children.end() && it->second.pid != killed && it->second.pid > 0 && node.all_up(kFirstTwo);
  }), node.log());
  Child restarted = node.processes().children.at("content-music-0");
  BOOST_TEST(restarted.restarts == 1);
  BOOST_TEST(restarted.last_exit == 128 + SIGKILL);
  BOOST_TEST(!process_running(killed));
  BOOST_TEST(node.log().find("exited with status 137") != std::string::npos, node.log());
  std::string metrics = http::http_get("127.0.0.1", node.http_port, "/state/v1/metrics", 2s).body;
  BOOST_TEST(metrics.find("supervisor_restarts") != std::string::npos, metrics);

  // Generation 2 has four nodes and no container: 0 and 1 keep their ports and keep running, 2
  // and 3 start, the container is stopped.
  pid_t pid0 = restarted.pid;
  pid_t pid1 = node.processes().children.at("content-music-1").pid;
  deploy::ProcessPlan second = content_plan(kSource + "/schemas/migration/1-flat-r2", &first, 2, f.base_port);
  BOOST_REQUIRE(second.processes.size() == 4u);
  f.deploy("migration/1-flat-r2", second);
  BOOST_REQUIRE_MESSAGE(eventually([&] { return node.processes().generation == 2 && node.all_up(kAllFour); }),
                        node.log());
  Processes after = node.processes();
  BOOST_TEST(after.children.at("content-music-0").pid == pid0);
  BOOST_TEST(after.children.at("content-music-1").pid == pid1);
  BOOST_TEST(supervisor::read_process_records(node.dir + "/processes.json")->size() == 4u);
  BOOST_TEST(!after.children.count("container-default-0"));
  // The kept node follows the generation itself (--configserver).
  BOOST_TEST(eventually([&] {
    return run_command({"/bin/grep", "-c", "adopted generation 2 live", node.dir + "/logs/content-music-0.log"})
               .exit_code == 0;
  }), node.log());
  BOOST_TEST(!process_running(container));

  // Generation 3 is music-flat again: nodes 2 and 3 are removed. A removed content node is
  // retained (kept running) until it holds no documents; these two hold none, so the supervisor
  // stops them after two empty polls of their metrics, and nodes 0 and 1 keep running.
  deploy::ProcessPlan third = content_plan(kSource + "/schemas/music-flat", &second, 3, f.base_port);
  f.deploy("music-flat", third);
  BOOST_REQUIRE_MESSAGE(eventually([&] { return node.processes().generation == 3; }), node.log());
  BOOST_TEST(node.log().find("content-music-2: removed by generation 3; kept running") != std::string::npos,
             node.log());
  BOOST_TEST(eventually([&] {
    const auto children = node.processes().children;
    return !children.contains("content-music-2") && !children.contains("content-music-3");
  }), node.log());
  BOOST_TEST(node.log().find("content-music-3: holds no documents any more") != std::string::npos, node.log());
  after = node.processes();
  BOOST_TEST(after.children.at("content-music-0").state == "running");
  BOOST_TEST(!after.children.at("content-music-0").retained);
  BOOST_TEST(after.children.at("content-music-0").pid == pid0);

  // SIGTERM: every child is stopped, grove-node exits 0, no recorded pid is left.
  std::set<pid_t> pids = node.seen;
  node.process->signal(SIGTERM);
  std::optional<int> code = node.process->wait_exit(60s);
  BOOST_REQUIRE_MESSAGE(code.has_value(), node.log());
  BOOST_TEST(*code == 0, node.log());
  for (pid_t pid : pids) BOOST_TEST(!process_running(pid), "pid " << pid << " still runs");
  BOOST_TEST(supervisor::read_process_records(node.dir + "/processes.json")->empty());
}

BOOST_AUTO_TEST_CASE(a_restarted_supervisor_stops_what_a_killed_one_left_behind) {
  Fixture f;
  std::string dir = f.dir + "/node";
  f.deploy("music-flat", content_plan(kSource + "/schemas/music-flat", nullptr, 1, f.base_port));
  auto first = std::make_unique<Node>(f.server, dir);
  BOOST_REQUIRE_MESSAGE(eventually([&] { return first->all_up(kFirstTwo); }), first->log());
  std::set<pid_t> orphans = first->crash();
  BOOST_REQUIRE(orphans.size() == 2u);
  first.reset();
  // SIGKILL leaves the children running (they are in sessions of their own).
  for (pid_t pid : orphans) BOOST_TEST(process_running(pid));

  Node second(f.server, dir);
  second.seen.insert(orphans.begin(), orphans.end());  // cleaned up whatever happens
  BOOST_REQUIRE_MESSAGE(eventually([&] { return second.all_up(kFirstTwo); }), second.log());
  for (pid_t pid : orphans) BOOST_TEST(!process_running(pid), "orphan " << pid << " still runs");
  for (const auto& [name, child] : second.processes().children) BOOST_TEST(!orphans.count(child.pid));
  BOOST_TEST(second.log().find("left by an earlier run") != std::string::npos, second.log());
}

BOOST_AUTO_TEST_CASE(bad_command_lines_exit_2_naming_the_problem) {
  auto r = run_command({kBinDir + "/grove-node", "--data-dir", "/tmp/x"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("--configserver is required") != std::string::npos, r.output);
  r = run_command({kBinDir + "/grove-node", "--configserver", "localhost", "--data-dir", "/tmp/x"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("HOST:PORT") != std::string::npos, r.output);
  r = run_command({kBinDir + "/grove-node", "--configserver", "127.0.0.1:1", "--data-dir", "/tmp/x",
                   "--poll-timeout", "61"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("--poll-timeout") != std::string::npos, r.output);
  r = run_command({kBinDir + "/grove-node", "--configserver", "127.0.0.1:1", "--data-dir", "/tmp/x", "--bogus"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("--bogus") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
