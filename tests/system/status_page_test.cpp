// System test: grove-configserver's /status page in a real browser. grove-configserver and the
// four content nodes of schemas/music-grouped (two groups of two) run as processes on 127.0.0.1
// on the ports of the deployed process plan; once the controller has published a state with every
// node up, headless Chromium (Debian's `chromium`, installed by scripts/setup) loads /status, runs
// its script against /status.json and dumps the DOM: every node has a row with data-state "up",
// both groups are shown, and a 1280×1024 screenshot is a real PNG. Then one node is killed with
// kill -9, and the page shows its row "down" (without its stale ping time) and the others still up.
//
// Every browser run is bounded (60 s; killed past it) and the test checks that no process of its
// browser is left (any left is killed by pid). A missing chromium fails the test.

#include <signal.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "tests/system/configserver_process.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr int kNodes = 4;

// The pids of processes whose command line contains `needle`.
std::vector<pid_t> processes_mentioning(const std::string& needle) {
  std::vector<pid_t> pids;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = read_file(entry.path().string() + "/cmdline");
    if (cmdline.find(needle) != std::string::npos) pids.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return pids;
}

// Headless Chromium with its own profile and HOME under `dir`, one run per load().
class Browser {
 public:
  explicit Browser(std::string dir) : dir_(std::move(dir)) { fs::create_directories(dir_ + "/home"); }

  // The DOM of `url` after its scripts had `budget_ms` of virtual time; with a screenshot of
  // the page at 1280×1024 in `screenshot` unless it is empty. Fails the test when chromium
  // fails or leaves a process behind.
  std::string load(const std::string& url, const std::string& screenshot, int budget_ms = 3000) {
    std::vector<std::string> argv = {kChromium, "--headless", "--no-sandbox", "--disable-gpu",
                                     "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + dir_ + "/profile",
                                     "--window-size=1280,1024", fmt::format("--virtual-time-budget={}", budget_ms),
                                     "--dump-dom"};
    if (!screenshot.empty()) argv.push_back("--screenshot=" + screenshot);
    argv.push_back(url);
    auto started = std::chrono::steady_clock::now();
    CommandResult run = run_command(argv, 60s, {"HOME=" + dir_ + "/home"});
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    BOOST_TEST_MESSAGE(fmt::format("chromium loaded {} in {} ms", url, took.count()));
    check_nothing_left();
    BOOST_REQUIRE_MESSAGE(run.exit_code == 0, fmt::format("chromium exited with {} after {} ms: {}", run.exit_code,
                                                          took.count(), run.output.substr(0, 4000)));
    // stdout and stderr come together: the DOM is the one <html>…</html> in them.
    size_t from = run.output.find("<html");
    size_t to = run.output.rfind("</html>");
    BOOST_REQUIRE_MESSAGE(from != std::string::npos && to != std::string::npos && from < to,
                          "chromium printed no DOM: " + run.output.substr(0, 4000));
    return run.output.substr(from, to + 7 - from);
  }

 private:
  // Chromium's helpers (zygotes, renderers, crash handlers) name the profile or HOME on their
  // command line; they go with the browser, so give them 5 s, then kill what is left by pid.
  void check_nothing_left() {
    std::vector<pid_t> left;
    for (int i = 0; i < 50; ++i) {
      left = processes_mentioning(dir_);
      if (left.empty()) return;
      std::this_thread::sleep_for(100ms);
    }
    for (pid_t pid : left) kill(pid, SIGKILL);
    BOOST_ERROR(fmt::format("{} chromium processes were still running 5 s after the browser exited (killed)",
                            left.size()));
  }

  std::string dir_;
};

// The opening tag of the element with id `id` in `dom`; empty when there is none.
std::string tag_with_id(const std::string& dom, const std::string& id) {
  size_t at = dom.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  size_t open = dom.rfind('<', at);
  size_t close = dom.find('>', at);
  if (open == std::string::npos || close == std::string::npos) return "";
  return dom.substr(open, close + 1 - open);
}

// The data-state of node `key`'s row: "up", "down", ...; "missing" without a row.
std::string row_state(const std::string& dom, int key) {
  std::string tag = tag_with_id(dom, fmt::format("node-{}", key));
  if (!tag.starts_with("<tr")) return "missing";
  const std::string attr = "data-state=\"";
  size_t at = tag.find(attr);
  if (at == std::string::npos) return "no data-state";
  size_t end = tag.find('"', at + attr.size());
  return tag.substr(at + attr.size(), end - at - attr.size());
}

// The row of node `key`, from its <tr> to its </tr>; empty without one.
std::string row(const std::string& dom, int key) {
  size_t at = dom.find(fmt::format("<tr id=\"node-{}\"", key));
  if (at == std::string::npos) return "";
  size_t end = dom.find("</tr>", at);
  return end == std::string::npos ? "" : dom.substr(at, end + 5 - at);
}

std::map<int, std::string> row_states(const std::string& dom) {
  std::map<int, std::string> states;
  for (int key = 0; key < kNodes; ++key) states[key] = row_state(dom, key);
  return states;
}

std::string describe(const std::map<int, std::string>& states) {
  std::string out;
  for (const auto& [key, state] : states) out += fmt::format("{}node {}: {}", out.empty() ? "" : ", ", key, state);
  return out;
}

uint32_t big_endian32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

// A PNG of 1280×1024 with more in it than an empty page.
void check_screenshot(const std::string& path) {
  BOOST_REQUIRE_MESSAGE(fs::exists(path), "no screenshot at " + path);
  const std::string png = read_file(path);
  BOOST_REQUIRE_MESSAGE(png.size() > 33, path + " has " + std::to_string(png.size()) + " bytes");
  BOOST_TEST((png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0), path + " is not a PNG");
  BOOST_TEST((png.compare(12, 4, "IHDR") == 0), path + " has no IHDR first");
  BOOST_TEST(big_endian32(png, 16) == 1280u);
  BOOST_TEST(big_endian32(png, 20) == 1024u);
  // A blank 1280×1024 page compresses to a few KB; tables of text take far more.
  BOOST_TEST(png.size() > 20'000u, path + " has only " + std::to_string(png.size()) + " bytes");
}

// The content processes of `cluster` in the active plan: key → (thrift port, HTTP port).
std::map<int, std::pair<uint16_t, uint16_t>> planned_content_ports(ConfigServerProcess& cs,
                                                                    const std::string& cluster) {
  Json status(cs.get("/status.json").body);
  std::map<int, std::pair<uint16_t, uint16_t>> ports;
  simdjson::dom::array processes = status.root["processes"].get_array().value();
  for (simdjson::dom::element p : processes) {
    if (std::string_view(p["kind"].get_string().value()) != "content") continue;
    if (std::string_view(p["cluster"].get_string().value()) != cluster) continue;
    ports[static_cast<int>(p["key"].get_uint64().value())] = {
        static_cast<uint16_t>(p["thrift-port"].get_uint64().value()),
        static_cast<uint16_t>(p["http-port"].get_uint64().value())};
  }
  return ports;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(status_page_system)

BOOST_AUTO_TEST_CASE(the_page_shows_every_node_up_and_a_killed_node_down) {
  BOOST_REQUIRE_MESSAGE(access(kChromium, X_OK) == 0,
                        std::string(kChromium) + " is missing: run scripts/setup, which installs Debian's chromium "
                        "package for this test");
  const std::string dir = make_temp_dir("grove-status-page-test");
  ConfigServerProcess cs(dir + "/cs");
  const std::string music = copy_package("music-grouped", dir + "/music");
  auto ok = cs.deploy(pack(music));
  BOOST_REQUIRE_MESSAGE(ok.status == 200, ok.body);

  // The four content nodes on the plan's ports, each told of all four.
  auto ports = planned_content_ports(cs, "music");
  BOOST_REQUIRE_EQUAL(ports.size(), size_t{kNodes});
  std::string nodes_flag;
  for (const auto& [key, p] : ports) nodes_flag += fmt::format("{}{}=127.0.0.1:{}", key ? "," : "", key, p.first);
  std::map<int, ChildProcess> nodes;
  for (const auto& [key, p] : ports) {
    auto started = ChildProcess::start(
        {kBin + "/grove-content", "--data-dir", fmt::format("{}/node{}", dir, key), "--port", std::to_string(p.first),
         "--http-port", std::to_string(p.second), "--app", music, "--key", std::to_string(key), "--nodes",
         nodes_flag},
        {.output_path = fmt::format("{}/node{}.log", dir, key)});
    BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
    nodes.emplace(key, std::move(*started));
  }
  auto all_up = [](const std::string& s) { return !s.empty() && s.find(".s:") == std::string::npos; };
  std::string state = wait_for_state(cs, "music", all_up, 30s);
  BOOST_REQUIRE_MESSAGE(all_up(state), "no state with every node up in 30 s; last: '" + state + "'");

  // Every node up on the page, both groups shown, and a screenshot.
  const std::string url = fmt::format("http://127.0.0.1:{}/status", cs.port);
  Browser browser(dir + "/chromium");
  const std::string up_png = dir + "/status-all-up.png";
  std::string dom = browser.load(url, up_png);
  auto states = row_states(dom);
  for (const auto& [key, s] : states) BOOST_TEST(s == "up", "node " << key << ": " << s);
  BOOST_TEST(dom.find("Content cluster music") != std::string::npos);
  BOOST_TEST(dom.find("Group group0") != std::string::npos);
  BOOST_TEST(dom.find("Group group1") != std::string::npos);
  BOOST_TEST(dom.find("<span id=\"generation\">1</span>") != std::string::npos, tag_with_id(dom, "generation"));
  BOOST_TEST(dom.find(state) != std::string::npos, "the published state '" << state << "' is not on the page");
  check_screenshot(up_png);
  BOOST_TEST_MESSAGE("screenshot with every node up: " << up_png);

  // kill -9 of node 2 (group1): down in the published state, then on the page.
  constexpr int kKilled = 2;
  nodes.at(kKilled).signal(SIGKILL);
  BOOST_REQUIRE(nodes.at(kKilled).wait_exit(10s).has_value());
  const std::string down = fmt::format(".{}.s:d", kKilled);
  state = wait_for_state(cs, "music", [&](const std::string& s) { return s.find(down) != std::string::npos; }, 10s);
  BOOST_REQUIRE_MESSAGE(state.find(down) != std::string::npos, "node 2 not down in 10 s; state: " + state);
  std::map<int, std::string> expected = {{0, "up"}, {1, "up"}, {2, "down"}, {3, "up"}};
  const std::string down_png = dir + "/status-node2-down.png";
  for (int attempt = 0; attempt < 3; ++attempt) {
    dom = browser.load(url, down_png);
    states = row_states(dom);
    if (states == expected) break;
    std::this_thread::sleep_for(500ms);
  }
  BOOST_TEST((states == expected), "rows: " << describe(states));
  // Its last ping time is stale: the page shows none (the only "-" cell of the row).
  BOOST_TEST(row(dom, kKilled).find("<td class=\"num\">-</td>") != std::string::npos, row(dom, kKilled));
  BOOST_TEST(row(dom, 0).find("<td class=\"num\">-</td>") == std::string::npos, row(dom, 0));
  check_screenshot(down_png);
  BOOST_TEST_MESSAGE("screenshot with node 2 down: " << down_png);

  for (auto& [key, node] : nodes) {
    if (key != kKilled) node.stop(10s);
  }
  cs.process->stop(10s);
  // Everything goes but the two screenshots, for a person to look at.
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".png") fs::remove_all(entry.path());
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
