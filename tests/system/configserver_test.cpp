// System test: grove-configserver as a real process on 127.0.0.1 (docs/deploy-api.md): an
// invalid package is refused with every error and changes nothing; a valid one becomes
// generation 1 and its package and plan are served; a long-poll wakes on the next deploy; a
// data-loss change is refused without validation-overrides.xml; the cluster controller
// publishes states to real content nodes, marks a killed node down within 2 s and takes a
// wanted state from /cluster/v2; a config server killed with kill -9 serves the same
// generation after its restart. Every wait is bounded.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "services/http/http_client.h"
#include "tests/system/configserver_process.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(configserver_system)

BOOST_AUTO_TEST_CASE(deploys_validate_store_and_survive_a_restart) {
  const std::string dir = make_temp_dir("grove-configserver-test");
  ConfigServerProcess cs(dir + "/cs");

  // An invalid package: 400 with every error, file and line; nothing is activated.
  const std::string bad = copy_package("music-flat", dir + "/bad");
  replace_in(bad + "/services.xml", "<redundancy>2</redundancy>", "<redundancy>zero</redundancy>");
  replace_in(bad + "/schemas/music.sd", "field album type string", "field album type strng");
  auto refused = cs.deploy(pack(bad));
  BOOST_TEST(refused.status == 400, refused.body);
  Json errors(refused.body);
  BOOST_TEST(errors.s({"error-code"}) == "INVALID_APPLICATION_PACKAGE");
  std::vector<std::string> where;
  simdjson::dom::array list = errors.root["errors"].get_array().value();
  for (auto e : list) {
    where.push_back(fmt::format("{}:{}", std::string_view(e["file"].get_string().value()), e["line"].get_int64().value()));
  }
  BOOST_TEST(where.size() == 2u, refused.body);
  BOOST_TEST(std::count_if(where.begin(), where.end(), [](auto& w) { return w.starts_with("services.xml:"); }) == 1);
  BOOST_TEST(std::count_if(where.begin(), where.end(), [](auto& w) { return w.starts_with("schemas/music.sd:"); }) == 1);
  BOOST_TEST(Json(cs.get("/application/v2/tenant/default/application/default").body).u({"generation"}) == 0u);
  BOOST_TEST(cs.deploy("not an archive", "application/zip").status == 400);

  // A valid one: generation 1, with the package and the plan served.
  const std::string music = copy_package("music-flat", dir + "/music");
  const std::string bytes = pack(music);
  auto ok = cs.deploy(bytes);
  BOOST_REQUIRE_MESSAGE(ok.status == 200, ok.body);
  BOOST_TEST(Json(ok.body).u({"generation"}) == 1u);
  auto fetched = cs.get("/application/v2/tenant/default/application/default/generation/1/package");
  BOOST_TEST(fetched.status == 200);
  BOOST_TEST((fetched.body == bytes));
  BOOST_TEST(cs.get("/application/v2/tenant/default/application/default/generation/7/package").status == 404);
  Json watched(cs.get("/config/v1/watch?generation=0").body);
  BOOST_TEST(watched.u({"generation"}) == 1u);
  BOOST_TEST(watched.u({"plan", "generation"}) == 1u);
  BOOST_TEST(cs.get("/config/v1/watch?generation=x").status == 400);
  BOOST_TEST(cs.get("/config/v1/watch?timeout=100000").status == 400);

  // A long-poll at the active generation returns when the next deploy activates.
  auto poll = std::async(std::launch::async, [&] {
    auto started = std::chrono::steady_clock::now();
    auto reply = http::http_request("127.0.0.1", cs.port, "GET", "/config/v1/watch?generation=1&timeout=20", {},
                                    "application/json", 30s);
    return std::make_pair(std::move(reply), std::chrono::steady_clock::now() - started);
  });
  std::this_thread::sleep_for(300ms);
  replace_in(music + "/schemas/music.sd", "expression: bm25(title) + bm25(artist)", "expression: 2 * bm25(title)");
  auto second = cs.deploy(pack(music));
  BOOST_REQUIRE_MESSAGE(second.status == 200, second.body);
  BOOST_REQUIRE(poll.wait_for(10s) == std::future_status::ready);
  auto [woken, waited] = poll.get();
  BOOST_REQUIRE(woken.ok());
  BOOST_TEST(Json(woken->body).u({"generation"}) == 2u);
  BOOST_TEST(waited < 10s);

  // Removing the content cluster loses data: refused unless validation-overrides.xml allows it.
  const std::string none = copy_package("music-flat", dir + "/none");
  {
    std::string services = read_file(none + "/services.xml");
    size_t from = services.find("<content");
    size_t to = services.find("</content>");
    BOOST_REQUIRE(from != std::string::npos && to != std::string::npos);
    services.erase(from, to + std::string("</content>").size() - from);
    std::ofstream(none + "/services.xml", std::ios::trunc) << services;
  }
  auto removal = cs.deploy(pack(none));
  BOOST_TEST(removal.status == 400, removal.body);
  BOOST_TEST(removal.body.find("content-cluster-removal") != std::string::npos, removal.body);
  BOOST_TEST(Json(cs.get("/application/v2/tenant/default/application/default").body).u({"generation"}) == 2u);

  // kill -9, restart: the same generation is served.
  cs.process->signal(SIGKILL);
  BOOST_REQUIRE(cs.process->wait_exit(10s).has_value());
  cs.start();
  BOOST_TEST(Json(cs.get("/application/v2/tenant/default/application/default").body).u({"generation"}) == 2u);
  BOOST_TEST((cs.get("/application/v2/tenant/default/application/default/generation/1/package").body == bytes));
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(the_controller_publishes_marks_a_killed_node_down_and_takes_wanted_states) {
  const std::string dir = make_temp_dir("grove-configserver-cc-test");
  ConfigServerProcess cs(dir + "/cs");
  const std::string music = copy_package("music-flat", dir + "/music");
  auto ok = cs.deploy(pack(music));
  BOOST_REQUIRE_MESSAGE(ok.status == 200, ok.body);
  Json plan(cs.get("/config/v1/watch?generation=0").body);
  std::vector<ChildProcess> nodes;
  for (uint16_t key : {0, 1}) {
    uint16_t port = static_cast<uint16_t>(cs.base_port + 2 * key);
    auto started = ChildProcess::start(
        {kBin + "/grove-content", "--data-dir", fmt::format("{}/node{}", dir, key), "--port", std::to_string(port),
         "--http-port", std::to_string(port + 1), "--app", music, "--key", std::to_string(key), "--nodes",
         fmt::format("0=127.0.0.1:{},1=127.0.0.1:{}", cs.base_port, cs.base_port + 2)},
        {.output_path = fmt::format("{}/node{}.log", dir, key)});
    BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
    nodes.push_back(std::move(*started));
  }
  std::string state = wait_for_state(cs, "music", [](const std::string& s) {
    return !s.empty() && s.find(".s:") == std::string::npos;
  }, 20s);
  BOOST_REQUIRE_MESSAGE(!state.empty() && state.find(".s:") == std::string::npos, "state: " + state);

  // kill -9 of node 1: down in the published state within 2 s.
  auto killed = std::chrono::steady_clock::now();
  nodes[1].signal(SIGKILL);
  state = wait_for_state(cs, "music", [](const std::string& s) { return s.find(".1.s:d") != std::string::npos; }, 5s);
  auto took = std::chrono::steady_clock::now() - killed;
  BOOST_TEST(state.find(".1.s:d") != std::string::npos, state);
  BOOST_TEST(took < 2s, std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");

  // Node 1 started again comes back up.
  auto restarted = ChildProcess::start(
      {kBin + "/grove-content", "--data-dir", dir + "/node1", "--port", std::to_string(cs.base_port + 2), "--http-port",
       std::to_string(cs.base_port + 3), "--app", music, "--key", "1", "--nodes",
       fmt::format("0=127.0.0.1:{},1=127.0.0.1:{}", cs.base_port, cs.base_port + 2)},
      {.output_path = dir + "/node1.again.log"});
  BOOST_REQUIRE_MESSAGE(restarted.ok(), restarted.status().to_string());
  nodes[1] = std::move(*restarted);
  state = wait_for_state(cs, "music", [](const std::string& s) { return s.find(".s:") == std::string::npos; }, 20s);
  BOOST_TEST(state.find(".s:") == std::string::npos, state);

  // The operator's wanted state through /cluster/v2: maintenance, then up again.
  auto put = http::http_request("127.0.0.1", cs.port, "PUT", "/cluster/v2/music/storage/1",
                                R"({"state": {"user": {"state": "maintenance", "reason": "disk swap"}}})");
  BOOST_REQUIRE(put.ok());
  BOOST_TEST(put->status == 200, put->body);
  state = wait_for_state(cs, "music", [](const std::string& s) { return s.find(".1.s:m") != std::string::npos; }, 5s);
  BOOST_TEST(state.find(".1.s:m") != std::string::npos, state);
  auto node1 = cs.get("/cluster/v2/music/storage/1");
  BOOST_TEST(node1.body.find("disk swap") != std::string::npos, node1.body);
  put = http::http_request("127.0.0.1", cs.port, "PUT", "/cluster/v2/music/storage/1",
                           R"({"state": {"user": {"state": "up"}}})");
  BOOST_REQUIRE(put.ok());
  BOOST_TEST(put->status == 200, put->body);
  state = wait_for_state(cs, "music", [](const std::string& s) { return s.find(".s:") == std::string::npos; }, 5s);
  BOOST_TEST(state.find(".s:") == std::string::npos, state);
  auto bad = http::http_request("127.0.0.1", cs.port, "PUT", "/cluster/v2/music/storage/0", R"({"state": 3})");
  BOOST_REQUIRE(bad.ok());
  BOOST_TEST(bad->status == 400, bad->body);
  BOOST_TEST(cs.get("/cluster/v2/music/storage/9").status == 404);
  auto page = cs.get("/status");
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.body.find("<html") != std::string::npos);
  BOOST_TEST(cs.get("/status.json").body.find("\"music\"") != std::string::npos);
  for (auto& node : nodes) node.stop(10s);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
