// System tests of the live migration (schemas/migration/*), each deployed with `grove deploy`
// while a query load and a write load run:
//   - the documented procedure: flat with redundancy 2 → flat with redundancy 4 (wait for 0
//     pending) → 4 groups × 1 node with partitions 1|1|1|*;
//   - one step from flat to 2 groups × 2 with the config server killed right after the deploy
//     (the migration goes on with the generation the nodes have), then back to flat;
//   - 2 groups of 1: a node added to each group, a third group added, that group removed (its
//     nodes drain, then their supervisor stops them), and a node retired the same way.
// Asserted: no query failed, every answer is full coverage with the exact total of the
// documents fed before the load, no write failed, a final visit finds every acknowledged write
// once, every group answers the same total, and every bucket is placed as `grove ideal-state`
// says (nodes, ready, active).
// Every process is on 127.0.0.1, stopped by `grove down` or by its pid; every loop is bounded.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/system/live_cluster.h"

namespace grove::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr int kStatic = 3000;
const std::string kStaticQuery = "artist contains \"static\"";

// kStatic documents that the write load's documents (artist "live") never match.
void feed_static(const LiveCluster& c) {
  BOOST_REQUIRE(all_up(c.state()));
  const std::string feed_path = c.dir + "/static.jsonl";
  {
    std::ofstream out(feed_path);
    for (int i = 0; i < kStatic; ++i) {
      out << fmt::format(R"({{"put": "id:music:music::static-{}", "fields": {{"title": "static song {}", "artist": "static", "year": {}}}}})",
                         i, i, 1950 + i % 70)
          << "\n";
    }
  }
  auto fed = c.grove({"feed", "--endpoint", fmt::format("http://127.0.0.1:{}", c.container_port), feed_path});
  BOOST_REQUIRE_MESSAGE(fed.exit_code == 0, fed.output);
  BOOST_REQUIRE(c.wait_maintenance_done(60s));
  BOOST_REQUIRE_EQUAL(c.query(kStaticQuery).total, kStatic);
}

// The package of `step` replaces the running one's services.xml and is deployed; its generation.
int64_t deploy_step(const LiveCluster& c, const std::string& step) {
  fs::copy_file(kSchemas + "/migration/" + step + "/services.xml", c.app + "/services.xml",
                fs::copy_options::overwrite_existing);
  return c.deploy("deploy " + step);
}

// The starting point of each case: the flat package with kStatic documents, then a query
// load and a write load (members in that order: the loads start once the corpus is in).
struct LoadedCluster {
  LiveCluster c{"migration/1-flat-r2", 4};
  bool fed = (feed_static(c), true);
  QueryLoad queries{c, kStaticQuery, kStatic};
  WriteLoad writes{c};
};

// A music package's services.xml with these leaf groups (distribution keys; host aliases
// nodeK), redundancy one copy per group.
std::string grouped_services(const std::vector<std::vector<int>>& groups) {
  std::string partitions;
  for (size_t g = 0; g + 1 < groups.size(); ++g) partitions += "1|";
  partitions += "*";
  std::string xml = fmt::format(R"(<?xml version="1.0" encoding="utf-8" ?>
<services version="1.0">
  <container id="default" version="1.0">
    <search/>
    <document-api/>
    <http><server id="default" port="8080"/></http>
  </container>
  <content id="music" version="1.0">
    <redundancy>{0}</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <group>
      <distribution partitions="{1}"/>
)", groups.size(), partitions);
  for (size_t g = 0; g < groups.size(); ++g) {
    xml += fmt::format("      <group name=\"group{0}\" distribution-key=\"{0}\">\n", g);
    for (int key : groups[g]) xml += fmt::format("        <node hostalias=\"node{0}\" distribution-key=\"{0}\"/>\n", key);
    xml += "      </group>\n";
  }
  xml += fmt::format(R"(    </group>
    <engine><proton><searchable-copies>{}</searchable-copies></proton></engine>
  </content>
</services>
)", groups.size());
  return xml;
}

// Deploys the layout `groups` and waits until maintenance is done, every node the layout does
// not name has drained and been stopped by the supervisor, and the container searches with it.
void deploy_layout(const LiveCluster& c, const std::vector<std::vector<int>>& groups, const std::string& what) {
  {
    std::ofstream out(c.app + "/services.xml", std::ios::trunc);
    out << grouped_services(groups);
  }
  const int64_t generation = c.deploy(what);
  std::set<std::string> wanted;
  for (const auto& g : groups) {
    for (int key : g) wanted.insert(fmt::format("content/music/{}", key));
  }
  // A removed node drains once the container searches without it and its activation's
  // linger has passed; bounded: 180 rounds and 180 s.
  const auto deadline = std::chrono::steady_clock::now() + 180s;
  bool settled = false;
  for (int round = 0; round < 180 && !settled && std::chrono::steady_clock::now() < deadline; ++round) {
    settled = c.wait_maintenance_done(30s);
    if (settled) {
      std::set<std::string> running;
      for (const auto& [name, pid] : c.processes()) {
        if (name.rfind("content/", 0) == 0) running.insert(name);
      }
      settled = running == wanted;
    }
    if (!settled) std::this_thread::sleep_for(1s);
  }
  BOOST_REQUIRE_MESSAGE(settled, what << ": did not settle (maintenance done and only the layout's nodes running)");
  BOOST_REQUIRE_MESSAGE(c.wait_container_serving(generation, 60s), what << ": the container did not switch");
}

void check_loads(QueryLoad& queries, WriteLoad& writes) {
  writes.stop();
  queries.stop();
  BOOST_TEST(queries.ok > 100);
  BOOST_TEST(queries.failed == 0, queries.first_problem);
  BOOST_TEST(queries.partial == 0, queries.first_problem);
  BOOST_TEST(queries.wrong_total == 0, queries.first_problem);
  BOOST_TEST(writes.failures_since(LiveClock::time_point{}) == 0u, writes.first_failure());
  BOOST_TEST_MESSAGE("queries ok " << queries.ok << ", writes " << writes.count());
}

// Every acknowledged write is stored once, every group answers every document, and every
// bucket sits where the ideal state of the package `final_app` puts it.
void check_final(const LiveCluster& c, const WriteLoad& writes, int groups, const std::string& final_app) {
  BOOST_REQUIRE(c.wait_maintenance_done(60s));
  const std::vector<std::string> acknowledged = writes.acknowledged();
  const std::set<std::string> stored = c.visit_ids();
  size_t missing = 0;
  for (const std::string& id : acknowledged) missing += stored.contains(id) ? 0 : 1;
  BOOST_TEST(missing == 0u);
  BOOST_TEST(stored.size() == static_cast<size_t>(kStatic) + acknowledged.size());
  for (int g = 0; g < groups; ++g) {
    auto a = c.query("true", groups > 1 ? fmt::format("&model.searchGroup={}", g) : "");
    BOOST_TEST(a.status == 200);
    BOOST_TEST(a.full);
    BOOST_TEST(a.total == static_cast<int64_t>(stored.size()), "group " << g);
  }
  std::vector<std::string> differences = c.placement_differences(final_app);
  std::string shown;
  for (const std::string& d : differences) shown += d + "\n";
  BOOST_TEST(differences.empty(), shown);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migration_system)

BOOST_AUTO_TEST_CASE(flat_r2_to_flat_r4_to_four_groups_live_without_a_failed_or_partial_query) {
  LoadedCluster run;
  auto& [c, fed, queries, writes] = run;
  std::this_thread::sleep_for(1s);
  deploy_step(c, "2-flat-r4");
  BOOST_REQUIRE_MESSAGE(c.wait_maintenance_done(120s), "redundancy 4 did not settle in 120 s");
  const int64_t grouped = deploy_step(c, "3-grouped-4x1");
  BOOST_REQUIRE_MESSAGE(c.wait_maintenance_done(120s), "4 groups did not settle in 120 s");
  BOOST_TEST(c.wait_container_serving(grouped, 60s));
  std::this_thread::sleep_for(1s);
  check_loads(queries, writes);
  BOOST_TEST(queries.groups.size() >= 2u);  // flat (-1) and the groups
  check_final(c, writes, 4, kSchemas + "/migration/3-grouped-4x1");
}

BOOST_AUTO_TEST_CASE(flat_to_two_groups_in_one_step_with_the_config_server_killed_and_back_to_flat) {
  LoadedCluster run;
  auto& [c, fed, queries, writes] = run;
  std::this_thread::sleep_for(1s);
  const int64_t grouped = deploy_step(c, "4-grouped-2x2");
  // Once the nodes have the generation, while data moves: without the config server (and its
  // cluster controller) the migration goes on and finishes.
  BOOST_REQUIRE(c.wait_nodes_on_generation(grouped, 30s));
  std::vector<std::string> configserver = c.kill_configserver();
  BOOST_REQUIRE_MESSAGE(c.wait_maintenance_done(120s), "2 groups did not settle in 120 s without a config server");
  BOOST_TEST(c.wait_container_serving(grouped, 60s));
  BOOST_TEST(c.query(kStaticQuery).total == kStatic);

  // Started again, the config server has generation 2, and the way back is deployed.
  auto restarted = ChildProcess::start(configserver, {.output_path = c.data + "/logs/configserver.again.log"});
  BOOST_REQUIRE_MESSAGE(restarted.ok(), restarted.status().to_string());
  std::string state = c.wait_state(all_up, 30s);
  BOOST_REQUIRE_MESSAGE(all_up(state), state);
  const int64_t flat = deploy_step(c, "1-flat-r2");
  BOOST_REQUIRE_MESSAGE(c.wait_maintenance_done(120s), "flat did not settle in 120 s");
  BOOST_TEST(c.wait_container_serving(flat, 60s));
  std::this_thread::sleep_for(1s);
  check_loads(queries, writes);
  check_final(c, writes, 1, kSchemas + "/migration/1-flat-r2");
  restarted->stop(10s);  // grove down stops the pid it recorded; this one is the test's
}

BOOST_AUTO_TEST_CASE(a_node_and_a_group_added_then_a_group_removed_and_a_node_retired_live) {
  // Ports for six content nodes; the cluster starts as 2 groups of 1.
  LiveCluster c("migration/1-flat-r2", 6, "music", grouped_services({{0}, {1}}));
  BOOST_REQUIRE(all_up(c.state()));
  feed_static(c);

  QueryLoad queries(c, kStaticQuery, kStatic);
  WriteLoad writes(c);
  std::this_thread::sleep_for(1s);
  deploy_layout(c, {{0, 2}, {1, 3}}, "a node added to each group");
  deploy_layout(c, {{0, 2}, {1, 3}, {4, 5}}, "a group added");
  deploy_layout(c, {{0, 2}, {1, 3}}, "a group removed");
  deploy_layout(c, {{0, 2}, {1}}, "node 3 retired");
  std::this_thread::sleep_for(1s);
  check_loads(queries, writes);
  BOOST_TEST(queries.groups.contains(2));  // the added group served while it was there
  check_final(c, writes, 2, c.app);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
