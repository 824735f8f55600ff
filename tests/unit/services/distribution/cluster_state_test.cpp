#include "services/distribution/cluster_state.h"

#include <boost/test/unit_test.hpp>

namespace grove::distribution {

namespace {

std::string error_of(std::string_view text) {
  auto state = ClusterState::parse(text);
  BOOST_REQUIRE(!state.ok());
  return state.status().message();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_state)

BOOST_AUTO_TEST_CASE(parses_versions_bits_counts_and_node_states) {
  auto state = ClusterState::parse("version:7 bits:12 distributor:4 .1.s:d storage:4 .2.s:m .3.s:r .0.c:2.5");
  BOOST_REQUIRE(state.ok());
  BOOST_TEST(state->version() == 7u);
  BOOST_TEST(state->distribution_bits() == 12);
  BOOST_TEST(state->node_count(NodeType::kStorage) == 4);
  BOOST_TEST((state->node_state(NodeType::kDistributor, 1).state == State::kDown));
  BOOST_TEST((state->node_state(NodeType::kStorage, 1).state == State::kUp));
  BOOST_TEST(state->node_state(NodeType::kStorage, 2).is_one_of("uim"));
  BOOST_TEST(!state->node_state(NodeType::kStorage, 3).is_one_of("uim"));
  BOOST_TEST(state->node_state(NodeType::kStorage, 0).capacity == 2.5);
}

BOOST_AUTO_TEST_CASE(nodes_past_the_count_are_down) {
  auto state = ClusterState::parse("distributor:2 storage:2");
  BOOST_REQUIRE(state.ok());
  BOOST_TEST((state->node_state(NodeType::kStorage, 2).state == State::kDown));
  BOOST_TEST(state->distribution_bits() == 16);
}

BOOST_AUTO_TEST_CASE(prints_vespa_form_and_round_trips) {
  const char* text = "version:3 cluster:d bits:8 distributor:3 .2.s:d storage:3 .0.s:m .0.c:1.5 .1.m:disk\\x20full";
  auto state = ClusterState::parse(text);
  BOOST_REQUIRE(state.ok());
  BOOST_TEST(state->to_string() == text);
  BOOST_TEST(state->node_state(NodeType::kStorage, 1).description == "disk full");
  auto again = ClusterState::parse(state->to_string());
  BOOST_REQUIRE(again.ok());
  BOOST_TEST((*again == *state));
}

BOOST_AUTO_TEST_CASE(explicit_up_states_equal_the_default) {
  BOOST_TEST((ClusterState::parse("storage:2 .1.s:u").value() == ClusterState::parse("storage:2").value()));
}

BOOST_AUTO_TEST_CASE(malformed_states_name_the_token) {
  BOOST_TEST(contains(error_of("version:x"), "\"version:x\""));
  BOOST_TEST(contains(error_of("bits:40"), "\"bits:40\""));
  BOOST_TEST(contains(error_of("storage:4 .1.s:q"), "\".1.s:q\""));
  BOOST_TEST(contains(error_of("storage:4 .9.s:d"), "past the count storage:4"));
  BOOST_TEST(contains(error_of(".1.s:d"), "before any distributor:N"));
  BOOST_TEST(contains(error_of("storage:4 .1.z:1"), "unknown node property"));
  BOOST_TEST(contains(error_of("foo:1"), "unknown key"));
  BOOST_TEST(contains(error_of("storage"), "expected key:value"));
  BOOST_TEST(contains(error_of("storage:4 .1.c:-2"), "positive"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::distribution
