// generate_cluster_state and check_publishable: Vespa's rules for turning reported and wanted
// node states, groups and min-node-ratio-per-group into the state content nodes place by.

#include <boost/test/unit_test.hpp>

#include <map>

#include "config-model/controller/state_generator.h"
#include "tests/unit/config-model/controller/controller_test_clusters.h"

namespace grove::controller {
namespace {

using namespace std::chrono_literals;
using distribution::ClusterState;
using distribution::NodeType;
using distribution::State;
using testing::flat_cluster;
using testing::grouped_cluster;

std::map<uint16_t, NodeInput> all(const config::ContentCluster& c,
                                  ReportedState r = ReportedState::kUp) {
  std::map<uint16_t, NodeInput> out;
  for (const config::ContentNode* n : c.all_nodes()) out[n->distribution_key].reported = r;
  return out;
}

std::string generate(const config::ContentCluster& c, const std::map<uint16_t, NodeInput>& in,
                     GeneratorOptions options = {}, SteadyTime now = SteadyTime{}) {
  return generate_cluster_state(c, in, options, now).state.to_string();
}

WantedNodeState wanted(WantedState s, std::string reason = "") {
  return {s, std::move(reason), 1};
}

BOOST_AUTO_TEST_SUITE(state_generator)

BOOST_AUTO_TEST_CASE(all_up_nodes_give_the_plain_state_without_a_version) {
  auto c = flat_cluster(4);
  BOOST_CHECK_EQUAL(generate(c, all(c)), "distributor:4 storage:4");
}

BOOST_AUTO_TEST_CASE(a_reported_down_node_is_down_as_distributor_and_storage) {
  auto c = flat_cluster(4);
  auto in = all(c);
  in[1].reported = ReportedState::kDown;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:4 .1.s:d storage:4 .1.s:d");
}

BOOST_AUTO_TEST_CASE(an_unknown_or_missing_node_is_generated_down) {
  auto c = flat_cluster(3);
  auto in = all(c);
  in.erase(2);
  in[0].reported = ReportedState::kUnknown;
  auto g = generate_cluster_state(c, in, {}, SteadyTime{});
  BOOST_CHECK_EQUAL(g.state.to_string(), "distributor:3 .0.s:d .2.s:d storage:3 .0.s:d .2.s:d");
  BOOST_CHECK_EQUAL(g.reasons.at(0), "not heard from yet");
}

BOOST_AUTO_TEST_CASE(initializing_is_storage_i_and_distributor_down) {
  auto c = flat_cluster(2);
  auto in = all(c);
  in[0].reported = ReportedState::kInitializing;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:2 .0.s:d storage:2 .0.s:i");
}

BOOST_AUTO_TEST_CASE(stopping_is_down_for_both) {
  auto c = flat_cluster(2);
  auto in = all(c);
  in[1].reported = ReportedState::kStopping;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:2 .1.s:d storage:2 .1.s:d");
}

BOOST_AUTO_TEST_CASE(wanted_maintenance_is_storage_m_and_distributor_down_with_the_reason) {
  auto c = flat_cluster(3);
  auto in = all(c);
  in[2].wanted = wanted(WantedState::kMaintenance, "disk swap");
  auto g = generate_cluster_state(c, in, {}, SteadyTime{});
  BOOST_CHECK_EQUAL(g.state.to_string(),
                    "distributor:3 .2.s:d .2.m:disk\\x20swap storage:3 .2.s:m .2.m:disk\\x20swap");
  BOOST_CHECK_EQUAL(g.reasons.at(2), "wanted maintenance: disk swap");
  // The description survives the string form, so nodes read the same state.
  auto parsed = ClusterState::parse(g.state.to_string());
  BOOST_REQUIRE(parsed.ok());
  BOOST_CHECK(*parsed == g.state);
  BOOST_CHECK_EQUAL(parsed->node_state(NodeType::kStorage, 2).description, "disk swap");
}

BOOST_AUTO_TEST_CASE(maintenance_masks_a_node_that_is_down) {
  auto c = flat_cluster(3);
  auto in = all(c);
  in[2].wanted = wanted(WantedState::kMaintenance);
  in[2].reported = ReportedState::kDown;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:3 .2.s:d storage:3 .2.s:m");
}

BOOST_AUTO_TEST_CASE(retired_is_storage_r_and_distributor_up) {
  auto c = flat_cluster(3);
  auto in = all(c);
  in[0].wanted = wanted(WantedState::kRetired);
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:3 storage:3 .0.s:r");
}

BOOST_AUTO_TEST_CASE(retired_in_services_xml_is_retired_unless_the_operator_wants_lower) {
  auto c = flat_cluster(3);
  c.root.nodes[1].retired = true;
  auto in = all(c);
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:3 storage:3 .1.s:r");
  in[1].wanted = wanted(WantedState::kDown);
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:3 .1.s:d storage:3 .1.s:d");
}

BOOST_AUTO_TEST_CASE(a_retired_node_that_initializes_is_kept_in_maintenance) {
  auto c = flat_cluster(2);
  auto in = all(c);
  in[0].wanted = wanted(WantedState::kRetired);
  in[0].reported = ReportedState::kInitializing;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:2 .0.s:d storage:2 .0.s:m");
}

BOOST_AUTO_TEST_CASE(a_retired_node_that_is_down_is_down) {
  auto c = flat_cluster(2);
  auto in = all(c);
  in[0].wanted = wanted(WantedState::kRetired);
  in[0].reported = ReportedState::kDown;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:2 .0.s:d storage:2 .0.s:d");
}

BOOST_AUTO_TEST_CASE(wanted_down_is_down_for_both_and_wanted_up_changes_nothing) {
  auto c = flat_cluster(2);
  auto in = all(c);
  in[1].wanted = wanted(WantedState::kDown);
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:2 .1.s:d storage:2 .1.s:d");
  in[1].wanted = wanted(WantedState::kUp);
  in[0].reported = ReportedState::kInitializing;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:2 .0.s:d storage:2 .0.s:i");
}

BOOST_AUTO_TEST_CASE(keys_the_cluster_does_not_have_are_down) {
  auto c = flat_cluster(2);
  c.root.nodes[1].distribution_key = 3;
  BOOST_CHECK_EQUAL(generate(c, all(c)), "distributor:4 .1.s:d .2.s:d storage:4 .1.s:d .2.s:d");
}

BOOST_AUTO_TEST_CASE(the_distribution_bits_are_the_options) {
  auto c = flat_cluster(1, 1);
  GeneratorOptions options;
  options.distribution_bits = 8;
  BOOST_CHECK_EQUAL(generate(c, all(c), options), "bits:8 distributor:1 storage:1");
}

BOOST_AUTO_TEST_CASE(a_lost_storage_node_is_in_maintenance_during_the_transition_time) {
  auto c = flat_cluster(2);
  auto in = all(c);
  in[1].reported = ReportedState::kDown;
  in[1].reported_since = SteadyTime{} + 10s;
  GeneratorOptions options;
  options.storage_transition_time = 5s;
  BOOST_CHECK_EQUAL(generate(c, in, options, SteadyTime{} + 12s),
                    "distributor:2 .1.s:d storage:2 .1.s:m");
  BOOST_CHECK_EQUAL(generate(c, in, options, SteadyTime{} + 15s),
                    "distributor:2 .1.s:d storage:2 .1.s:d");
  in[1].wanted = wanted(WantedState::kDown);
  BOOST_CHECK_EQUAL(generate(c, in, options, SteadyTime{} + 12s),
                    "distributor:2 .1.s:d storage:2 .1.s:d");
}

BOOST_AUTO_TEST_CASE(a_group_below_min_node_ratio_has_its_storage_nodes_taken_down) {
  auto c = grouped_cluster(2, 3, 0.6);
  auto in = all(c);
  in[1].reported = ReportedState::kDown;  // group0: 2 of 3 = 0.67, stays
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:6 .1.s:d storage:6 .1.s:d");
  in[2].reported = ReportedState::kDown;  // group0: 1 of 3 = 0.33, goes
  auto g = generate_cluster_state(c, in, {}, SteadyTime{});
  BOOST_CHECK(g.state.node_state(NodeType::kStorage, 0).state == State::kDown);
  BOOST_CHECK_EQUAL(g.state.node_state(NodeType::kStorage, 0).description,
                    "group group0 is below min-node-ratio-per-group 0.6");
  BOOST_CHECK_EQUAL(g.reasons.at(0), "group group0 is below min-node-ratio-per-group 0.6");
  // Its distributor keeps owning buckets (Vespa's rule), and the other group is untouched.
  BOOST_CHECK(g.state.node_state(NodeType::kDistributor, 0).state == State::kUp);
  for (uint16_t k : {3, 4, 5})
    BOOST_CHECK(g.state.node_state(NodeType::kStorage, k).state == State::kUp);
  BOOST_CHECK(check_publishable(c, g.state).ok());
}

BOOST_AUTO_TEST_CASE(
    group_takedown_spares_maintenance_and_retired_nodes_and_counts_maintenance_available) {
  auto c = grouped_cluster(2, 3, 0.6);
  auto in = all(c);
  in[0].wanted = wanted(WantedState::kMaintenance);  // available for the ratio
  in[1].reported = ReportedState::kDown;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:6 .0.s:d .1.s:d storage:6 .0.s:m .1.s:d");
  in[2].wanted = wanted(WantedState::kRetired);  // not available: 1 of 3
  auto g = generate_cluster_state(c, in, {}, SteadyTime{});
  BOOST_CHECK(g.state.node_state(NodeType::kStorage, 0).state == State::kMaintenance);
  BOOST_CHECK(g.state.node_state(NodeType::kStorage, 2).state == State::kRetired);
}

BOOST_AUTO_TEST_CASE(a_flat_cluster_is_never_taken_down_by_the_ratio) {
  auto c = flat_cluster(3);
  c.min_node_ratio_per_group = 0.9;
  auto in = all(c);
  in[0].reported = ReportedState::kDown;
  BOOST_CHECK_EQUAL(generate(c, in), "distributor:3 .0.s:d storage:3 .0.s:d");
}

BOOST_AUTO_TEST_CASE(generation_is_deterministic) {
  auto c = grouped_cluster(2, 2, 0.5);
  auto in = all(c);
  in[3].reported = ReportedState::kDown;
  in[0].wanted = wanted(WantedState::kRetired, "moving out");
  BOOST_CHECK_EQUAL(generate(c, in), generate(c, in));
}

BOOST_AUTO_TEST_CASE(a_state_with_no_distributor_or_no_storage_is_not_publishable) {
  auto c = flat_cluster(2);
  auto in = all(c, ReportedState::kDown);
  auto none = generate_cluster_state(c, in, {}, SteadyTime{});
  Status s = check_publishable(c, none.state);
  BOOST_CHECK(s.code() == StatusCode::kUnavailable);
  BOOST_CHECK_MESSAGE(s.message().find("no distributor") != std::string::npos, s.message());
  // Distributors up, every storage node in maintenance... maintenance still holds buckets, so
  // the one case left is storage retired everywhere.
  in = all(c);
  in[0].wanted = wanted(WantedState::kRetired);
  in[1].wanted = wanted(WantedState::kRetired);
  Status retired = check_publishable(c, generate_cluster_state(c, in, {}, SteadyTime{}).state);
  BOOST_CHECK_MESSAGE(retired.code() == StatusCode::kUnavailable, retired.to_string());
  BOOST_CHECK(check_publishable(c, generate_cluster_state(c, all(c), {}, SteadyTime{}).state).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::controller
