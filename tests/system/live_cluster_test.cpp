// System test: a live cluster through the control plane, as an operator runs it: `grove up`
// (a config server and a host supervisor), then, while it serves:
//   - kill -9 of a content node under a steady write load: the cluster state marks it down
//     within 2 s, every write after that succeeds, the supervisor restarts the node and it comes
//     back up;
//   - a node put in maintenance through /cluster/v2: queries avoid its group; up again: both
//     groups serve;
//   - a changed rank profile deployed with `grove deploy`: queries use it at once, nothing is
//     restarted;
//   - kill -9 of the config server during feeding and querying: nothing fails; restarted, it
//     serves the same generation and cluster state;
//   - a package that adds a content node: the supervisor starts it, the cluster state counts it,
//     and writes reach it.
// Every process is on 127.0.0.1, stopped by `grove down` (by pid); every wait is bounded.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "services/base/child_process.h"
#include "services/http/http_client.h"
#include "tests/system/configserver_process.h"
#include "tests/system/live_cluster.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using Clock = LiveClock;

}  // namespace

BOOST_AUTO_TEST_SUITE(live_cluster_system)

BOOST_AUTO_TEST_CASE(a_grouped_cluster_survives_kills_maintenance_redeploys_and_a_config_server_restart) {
  LiveCluster c("music-grouped", 4);
  BOOST_REQUIRE(all_up(c.state()));
  auto feed = c.grove({"feed", "--endpoint", fmt::format("http://127.0.0.1:{}", c.container_port),
                       kSchemas + "/feeds/music-sample.jsonl"});
  BOOST_REQUIRE_MESSAGE(feed.exit_code == 0, feed.output);

  // kill -9 of content node 1 under a steady write load.
  {
    WriteLoad load(c);
    std::this_thread::sleep_for(500ms);
    auto before = c.processes();
    const int64_t victim = before.at("content/music/1").first;
    const Clock::time_point killed = Clock::now();
    BOOST_REQUIRE(::kill(static_cast<pid_t>(victim), SIGKILL) == 0);
    std::string s = c.wait_state([](const std::string& s) { return s.find(".1.s:d") != std::string::npos; }, 5s);
    const int64_t to_down_ms = ms_since(killed);
    BOOST_TEST(s.find(".1.s:d") != std::string::npos, s);
    BOOST_TEST(to_down_ms < 2000, to_down_ms << " ms to the new cluster state");
    // Every write issued once the new state is out succeeds (the container and the nodes
    // follow it within a moment: 500 ms of margin).
    const Clock::time_point settled = Clock::now() + 500ms;
    std::this_thread::sleep_for(2500ms);
    load.stop();
    BOOST_TEST(load.count() > 20u);
    BOOST_TEST(load.failures_since(settled) == 0u);
    // The supervisor restarts it, and it comes back up.
    s = c.wait_state(all_up, 30s);
    BOOST_TEST(all_up(s), s);
    auto after = c.processes();
    BOOST_TEST(after.at("content/music/1").first != victim);
    BOOST_TEST(after.at("content/music/1").second >= 1);
  }

  // Maintenance through /cluster/v2: queries avoid node 1's group (group 0); up: both serve.
  auto put = http::http_request("127.0.0.1", c.configserver_port, "PUT", "/cluster/v2/music/storage/1",
                                R"({"state": {"user": {"state": "maintenance", "reason": "test"}}})");
  BOOST_REQUIRE(put.ok());
  BOOST_TEST(put->status == 200, put->body);
  std::string s = c.wait_state([](const std::string& s) { return s.find(".1.s:m") != std::string::npos; }, 5s);
  BOOST_REQUIRE_MESSAGE(s.find(".1.s:m") != std::string::npos, s);
  std::this_thread::sleep_for(300ms);  // the container's long-poll brings the state
  for (int i = 0; i < 10; ++i) {
    auto a = c.query();
    BOOST_TEST(a.status == 200);
    BOOST_TEST(a.group == 1, "state " << s << "; container log:\n" << read_file(c.data + "/node/logs/container-default-0.log").substr(0, 4000));
    BOOST_TEST(a.full);
  }
  put = http::http_request("127.0.0.1", c.configserver_port, "PUT", "/cluster/v2/music/storage/1",
                           R"({"state": {"user": {"state": "up"}}})");
  BOOST_REQUIRE(put.ok());
  BOOST_REQUIRE(all_up(c.wait_state(all_up, 5s)));
  std::this_thread::sleep_for(300ms);
  std::set<int64_t> groups;
  for (int i = 0; i < 10; ++i) groups.insert(c.query().group);
  BOOST_TEST(groups == (std::set<int64_t>{0, 1}));

  // A changed rank profile, deployed live: the next queries use it; nothing restarts.
  auto pids = c.processes();
  const double before = c.query("title contains \"yellow\"").relevance;
  replace_in(c.app + "/schemas/music.sd", "expression: bm25(title) + bm25(artist)", "expression: 1000 + bm25(title)");
  auto deployed = c.grove({"deploy", c.app, "--data", c.data});
  BOOST_REQUIRE_MESSAGE(deployed.exit_code == 0, deployed.output);
  BOOST_TEST(deployed.output.find("generation 2 is active") != std::string::npos, deployed.output);
  double after = before;
  for (int i = 0; i < 100 && after < 1000; ++i) {
    std::this_thread::sleep_for(50ms);
    after = c.query("title contains \"yellow\"").relevance;
  }
  BOOST_TEST(before < 1000);
  BOOST_TEST(after > 1000);
  BOOST_TEST((c.processes() == pids));  // the same pids, no restarts

  // An invalid package: refused with every error; generation 2 stays.
  replace_in(c.app + "/services.xml", "<redundancy>2</redundancy>", "<redundancy>two</redundancy>");
  auto refused = c.grove({"deploy", c.app, "--data", c.data});
  BOOST_TEST(refused.exit_code == 1);
  BOOST_TEST(refused.output.find("services.xml:") != std::string::npos, refused.output);
  replace_in(c.app + "/services.xml", "<redundancy>two</redundancy>", "<redundancy>2</redundancy>");

  // kill -9 of the config server during feeding and querying: nothing fails.
  {
    WriteLoad load(c);
    const Clock::time_point start = Clock::now();
    const std::vector<std::string> argv = c.kill_configserver();
    for (int i = 0; i < 20; ++i) {
      auto a = c.query();
      BOOST_TEST(a.status == 200);
      BOOST_TEST(a.full);
      std::this_thread::sleep_for(50ms);
    }
    auto restarted = ChildProcess::start(argv, {.output_path = c.data + "/logs/configserver.again.log"});
    BOOST_REQUIRE_MESSAGE(restarted.ok(), restarted.status().to_string());
    std::string again = c.wait_state(all_up, 20s);
    BOOST_TEST(all_up(again), again);
    auto app = http::http_get("127.0.0.1", c.configserver_port, "/application/v2/tenant/default/application/default", 3s);
    BOOST_TEST(app.body.find("\"generation\":2") != std::string::npos, app.body);
    std::this_thread::sleep_for(500ms);
    load.stop();
    BOOST_TEST(load.failures_since(start) == 0u);
    BOOST_TEST(c.query().status == 200);
    // grove down stops the recorded pid; this one is the test's.
    restarted->stop(10s);
  }
}

BOOST_AUTO_TEST_CASE(a_deployed_node_is_started_counted_and_written_to) {
  LiveCluster c("music-flat", 3);
  BOOST_REQUIRE(all_up(c.state()));
  // A third node, key 2, on a host alias of its own.
  replace_in(c.app + "/services.xml", "<node hostalias=\"node1\" distribution-key=\"1\"/>",
             "<node hostalias=\"node1\" distribution-key=\"1\"/>\n      <node hostalias=\"node2\" distribution-key=\"2\"/>");
  if (fs::exists(c.app + "/hosts.xml")) {
    replace_in(c.app + "/hosts.xml", "</hosts>", "  <host name=\"localhost\"><alias>node2</alias></host>\n</hosts>");
  }
  auto deployed = c.grove({"deploy", c.app, "--data", c.data});
  BOOST_REQUIRE_MESSAGE(deployed.exit_code == 0, deployed.output);
  std::string s = c.wait_state([](const std::string& s) { return s.find("storage:3") != std::string::npos && all_up(s); }, 60s);
  BOOST_REQUIRE_MESSAGE(s.find("storage:3") != std::string::npos && all_up(s), s);
  BOOST_TEST(c.processes().count("content/music/2") == 1u);
  std::this_thread::sleep_for(500ms);  // the container adopts the generation after a ping round
  for (int i = 0; i < 60; ++i) BOOST_TEST(c.put(fmt::format("new-{}", i), "fresh song") == 200);
  // Node 2 now holds documents: its total from the controller's pings.
  int64_t total = 0;
  for (int i = 0; i < 50 && total == 0; ++i) {
    std::this_thread::sleep_for(100ms);
    auto reply = http::http_get("127.0.0.1", c.configserver_port, "/cluster/v2/music/storage/2", 3s);
    simdjson::dom::parser parser;
    int64_t docs = 0;
    if (!parser.parse(reply.body)["metrics"]["unique-document-count"].get(docs)) total = docs;
  }
  BOOST_TEST(total > 0);
  auto a = c.query("title contains \"fresh\"");
  BOOST_TEST(a.total == 60);
  BOOST_TEST(a.full);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
