// ControllerHistory keeps the newest entries up to its capacity, oldest first; wanted states
// parse and name themselves as /cluster/v2 writes them.

#include <boost/test/unit_test.hpp>

#include "config-model/controller/controller_history.h"
#include "config-model/controller/node_states.h"

namespace grove::controller {
namespace {

BOOST_AUTO_TEST_SUITE(controller_history)

BOOST_AUTO_TEST_CASE(the_oldest_entries_go_first_when_full) {
  ControllerHistory history(3);
  for (int i = 0; i < 5; ++i) history.add({i, HistoryEvent::kNodeDown, i, "down"});
  auto entries = history.entries();
  BOOST_REQUIRE_EQUAL(entries.size(), 3u);
  BOOST_CHECK_EQUAL(entries.front().wall_us, 2);
  BOOST_CHECK_EQUAL(entries.back().wall_us, 4);
  BOOST_CHECK_EQUAL(history_event_name(entries.back().event), "node-down");
}

BOOST_AUTO_TEST_CASE(wanted_states_parse_and_name_themselves) {
  for (WantedState s :
       {WantedState::kUp, WantedState::kDown, WantedState::kMaintenance, WantedState::kRetired}) {
    auto parsed = parse_wanted_state(wanted_state_name(s));
    BOOST_REQUIRE(parsed.ok());
    BOOST_CHECK(*parsed == s);
  }
}

BOOST_AUTO_TEST_CASE(states_only_a_node_reports_cannot_be_wanted) {
  auto init = parse_wanted_state("initializing");
  BOOST_CHECK(init.status().code() == StatusCode::kInvalidArgument);
  BOOST_CHECK(init.status().message().find("only a node reports it") != std::string::npos);
  auto odd = parse_wanted_state("Up");
  BOOST_CHECK(odd.status().message().find("unknown node state 'Up'") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::controller
