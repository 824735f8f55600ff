// What the supervisor does with each process when a new plan arrives, and its restart back-off.

#include <boost/test/unit_test.hpp>

#include "config-model/supervisor/plan_diff.h"
#include "config-model/supervisor/restart_backoff.h"

namespace grove::supervisor {

namespace {

using namespace std::chrono_literals;
using deploy::PlannedProcess;
using deploy::ProcessKind;

PlannedProcess content(uint16_t key, uint16_t port) {
  return {ProcessKind::kContent, "music", key, "node", "localhost", port, static_cast<uint16_t>(port + 1), 0,
          "music/node" + std::to_string(key)};
}

PlannedProcess container(uint16_t index, uint16_t port) {
  return {ProcessKind::kContainer, "default", index, "", "localhost", 0, port, port, ""};
}

std::string actions(const std::vector<PlanStep>& steps) {
  std::string out;
  for (const PlanStep& s : steps) out += process_name(s.process) + ":" + std::string(plan_action_name(s.action)) + " ";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plan_diff)

BOOST_AUTO_TEST_CASE(the_first_plan_starts_everything) {
  deploy::ProcessPlan plan{1, {content(0, 19100), container(0, 8080)}};
  BOOST_TEST(actions(diff_plans(nullptr, plan)) == "content-music-0:start container-default-0:start ");
}

BOOST_AUTO_TEST_CASE(unchanged_processes_keep_running_and_changed_ports_or_data_dirs_restart) {
  deploy::ProcessPlan old_plan{1, {content(0, 19100), content(1, 19102), container(0, 8080)}};
  PlannedProcess moved = content(1, 19102);
  moved.data_dir = "music/elsewhere";
  deploy::ProcessPlan new_plan{2, {content(0, 19100), moved, container(0, 8081)}};
  BOOST_TEST(actions(diff_plans(&old_plan, new_plan)) ==
             "content-music-0:keep content-music-1:restart container-default-0:restart ");
}

BOOST_AUTO_TEST_CASE(added_processes_start_removed_containers_stop_and_removed_content_nodes_are_retained) {
  deploy::ProcessPlan old_plan{1, {content(0, 19100), content(1, 19102), container(0, 8080), container(1, 8081)}};
  deploy::ProcessPlan new_plan{2, {content(0, 19100), content(2, 19104), container(0, 8080)}};
  BOOST_TEST(actions(diff_plans(&old_plan, new_plan)) ==
             "content-music-0:keep content-music-2:start container-default-0:keep "
             "content-music-1:retain container-default-1:stop ");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(restart_backoff)

BOOST_AUTO_TEST_CASE(delays_double_to_the_maximum_and_start_over_after_a_stable_run) {
  RestartBackoff backoff({.initial = 1000ms, .max = 5000ms, .stable_after = 60000ms});
  BOOST_TEST(backoff.on_exit(10ms).count() == 1000);
  BOOST_TEST(backoff.on_exit(10ms).count() == 2000);
  BOOST_TEST(backoff.on_exit(10ms).count() == 4000);
  BOOST_TEST(backoff.on_exit(10ms).count() == 5000);
  BOOST_TEST(backoff.on_exit(59s).count() == 5000);
  BOOST_TEST(backoff.consecutive() == 5u);
  BOOST_TEST(backoff.on_exit(60s).count() == 1000);
  BOOST_TEST(backoff.consecutive() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::supervisor
