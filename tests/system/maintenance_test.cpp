// System test: bucket maintenance in a live 2×2 cluster (music-grouped, redundancy 2: one copy
// per group), as an operator sees it. kill -9 of a content node under a steady write load:
// writes that failed while it died may be applied on one replica only; the node's copies are
// re-created inside its group while it is down, and when the supervisor has restarted it its
// stale replicas are merged. Afterwards: maintenance reports nothing pending, no acknowledged
// write is lost, and both groups answer with the same totals at full coverage.
// Every process is on 127.0.0.1, stopped by `grove down` (by pid); every wait is bounded.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <set>
#include <thread>

#include "tests/system/live_cluster.h"

namespace grove::testing {
namespace {

using namespace std::chrono_literals;

// The totals each group answers for `where`, pinning the group (model.searchGroup), with
// whether every answer was full coverage.
std::pair<std::vector<int64_t>, bool> group_totals(const LiveCluster& c, const std::string& where) {
  std::vector<int64_t> totals;
  bool full = true;
  for (int g = 0; g < 2; ++g) {
    auto a = c.query(where, fmt::format("&model.searchGroup={}", g));
    BOOST_TEST(a.status == 200);
    BOOST_TEST(a.group == g);
    full = full && a.full;
    totals.push_back(a.total);
  }
  return {totals, full};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(maintenance_system)

BOOST_AUTO_TEST_CASE(a_killed_node_loses_no_acknowledged_write_and_the_groups_agree_again) {
  LiveCluster c("music-grouped", 4);
  BOOST_REQUIRE(all_up(c.state()));
  auto feed = c.grove({"feed", "--endpoint", fmt::format("http://127.0.0.1:{}", c.container_port),
                       kSchemas + "/feeds/music-sample.jsonl"});
  BOOST_REQUIRE_MESSAGE(feed.exit_code == 0, feed.output);

  std::vector<std::string> acknowledged;
  {
    WriteLoad load(c);
    std::this_thread::sleep_for(1s);
    const int64_t victim = c.processes().at("content/music/1").first;
    BOOST_REQUIRE(::kill(static_cast<pid_t>(victim), SIGKILL) == 0);
    std::string s = c.wait_state([](const std::string& s) { return s.find(".1.s:d") != std::string::npos; }, 5s);
    BOOST_TEST(s.find(".1.s:d") != std::string::npos, s);
    // Writes go on while the node is down and while it comes back.
    s = c.wait_state(all_up, 30s);
    BOOST_REQUIRE_MESSAGE(all_up(s), s);
    std::this_thread::sleep_for(1s);
    load.stop();
    acknowledged = load.acknowledged();
    BOOST_TEST(acknowledged.size() > 20u);
  }
  BOOST_REQUIRE_MESSAGE(c.wait_maintenance_done(60s), "bucket maintenance did not finish in 60 s");

  // No acknowledged write is lost.
  std::set<std::string> stored = c.visit_ids();
  size_t missing = 0;
  for (const std::string& id : acknowledged) missing += stored.contains(id) ? 0 : 1;
  BOOST_TEST(missing == 0u, missing << " of " << acknowledged.size() << " acknowledged writes are not stored");

  // Both groups hold the same documents, each at full coverage.
  auto [all, full] = group_totals(c, "true");
  BOOST_TEST(full);
  BOOST_TEST(all[0] == all[1]);
  BOOST_TEST(all[0] == static_cast<int64_t>(stored.size()));
  auto [loaded, loaded_full] = group_totals(c, "title contains \"load\"");
  BOOST_TEST(loaded_full);
  BOOST_TEST(loaded[0] == loaded[1]);
  BOOST_TEST(loaded[0] >= static_cast<int64_t>(acknowledged.size()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
