// /cluster/v2 JSON in Vespa's shapes from a ClusterStatus, and PUT bodies into wanted-state
// changes, with an error naming the problem for every kind of bad body.

#include <simdjson.h>
#include <boost/test/unit_test.hpp>

#include <string>

#include "config-model/controller/cluster_v2_json.h"

namespace grove::controller {
namespace {

using distribution::State;

ClusterStatus sample() {
  ClusterStatus s;
  s.id = "music";
  s.published = true;
  s.state =
      distribution::ClusterState::parse("version:4 distributor:2 .1.s:d storage:2 .1.s:m .1.m:disk")
          .value();
  NodeFacts up;
  up.key = 0;
  up.group = "group0";
  up.reported = ReportedState::kUp;
  up.total_docs = 40;
  up.buckets = 7;
  up.acknowledged_version = 4;
  NodeFacts maint;
  maint.key = 1;
  maint.group = "group0";
  maint.reported = ReportedState::kDown;
  maint.reported_reason = "ping failed: Unavailable: connection refused";
  maint.wanted = {WantedState::kMaintenance, "disk", 5};
  maint.storage = s.state.node_state(distribution::NodeType::kStorage, 1);
  maint.distributor = s.state.node_state(distribution::NodeType::kDistributor, 1);
  maint.generated_reason = "wanted maintenance: disk";
  s.nodes = {up, maint};
  return s;
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element e;
  BOOST_REQUIRE_MESSAGE(!parser.parse(json).get(e), json);
  return e;
}

std::string at(simdjson::dom::element e, const char* pointer) {
  std::string_view out;
  BOOST_REQUIRE_MESSAGE(!e.at_pointer(pointer).get_string().get(out), pointer);
  return std::string(out);
}

int64_t number_at(simdjson::dom::element e, const char* pointer) {
  int64_t out = -1;
  BOOST_REQUIRE_MESSAGE(!e.at_pointer(pointer).get_int64().get(out), pointer);
  return out;
}

BOOST_AUTO_TEST_SUITE(cluster_v2_json)

BOOST_AUTO_TEST_CASE(the_cluster_list_links_each_cluster) {
  BOOST_CHECK_EQUAL(
      render_cluster_list({"music", "books"}),
      R"({"cluster":{"music":{"link":"/cluster/v2/music"},"books":{"link":"/cluster/v2/books"}}})");
}

BOOST_AUTO_TEST_CASE(a_node_has_generated_unit_and_user_states_and_metrics) {
  ClusterStatus s = sample();
  auto json = render_node(s, "storage", 1);
  BOOST_REQUIRE(json.ok());
  simdjson::dom::parser parser;
  auto e = parse(parser, *json);
  BOOST_CHECK_EQUAL(at(e, "/attributes/hierarchical-group"), "group0");
  BOOST_CHECK_EQUAL(at(e, "/state/generated/state"), "maintenance");
  BOOST_CHECK_EQUAL(at(e, "/state/generated/reason"), "wanted maintenance: disk");
  BOOST_CHECK_EQUAL(at(e, "/state/unit/state"), "down");
  BOOST_CHECK_EQUAL(at(e, "/state/unit/reason"), "ping failed: Unavailable: connection refused");
  BOOST_CHECK_EQUAL(at(e, "/state/user/state"), "maintenance");
  BOOST_CHECK_EQUAL(at(e, "/state/user/reason"), "disk");
  BOOST_CHECK_EQUAL(number_at(e, "/metrics/bucket-count"), 0);

  auto up = parse(parser, render_node(s, "storage", 0).value());
  BOOST_CHECK_EQUAL(at(up, "/state/generated/state"), "up");
  BOOST_CHECK_EQUAL(at(up, "/state/generated/reason"), "");
  BOOST_CHECK_EQUAL(number_at(up, "/metrics/unique-document-count"), 40);
  BOOST_CHECK_EQUAL(number_at(up, "/metrics/bucket-count"), 7);
  BOOST_CHECK_EQUAL(number_at(up, "/grove/cluster-state-version"), 4);

  auto distributor = parse(parser, render_node(s, "distributor", 1).value());
  BOOST_CHECK_EQUAL(at(distributor, "/state/generated/state"), "down");
  BOOST_CHECK(distributor.at_pointer("/metrics").error());
}

BOOST_AUTO_TEST_CASE(an_unknown_node_or_service_is_an_error) {
  ClusterStatus s = sample();
  BOOST_CHECK(render_node(s, "storage", 9).status().code() == StatusCode::kNotFound);
  auto bad = render_node(s, "searchnode", 0);
  BOOST_CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  BOOST_CHECK(bad.status().message().find("'searchnode'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_cluster_has_its_state_every_node_and_the_published_baseline) {
  ClusterStatus s = sample();
  simdjson::dom::parser parser;
  auto e = parse(parser, render_cluster(s));
  BOOST_CHECK_EQUAL(at(e, "/state/generated/state"), "up");
  BOOST_CHECK_EQUAL(at(e, "/service/storage/node/1/state/generated/state"), "maintenance");
  BOOST_CHECK_EQUAL(at(e, "/service/distributor/node/0/state/generated/state"), "up");
  BOOST_CHECK_EQUAL(at(e, "/distribution-states/published/baseline"), s.state.to_string());

  s.published = false;
  auto none = parse(parser, render_cluster(s));
  BOOST_CHECK_EQUAL(at(none, "/state/generated/state"), "down");
  BOOST_CHECK_EQUAL(at(none, "/state/generated/reason"), "no cluster state published yet");
}

BOOST_AUTO_TEST_CASE(a_put_body_gives_the_wanted_state_reason_and_condition) {
  auto change = parse_set_node_state(
      R"({"state": {"user": {"state": "maintenance", "reason": "disk swap"}}, "condition": "safe"})");
  BOOST_REQUIRE_MESSAGE(change.ok(), change.status().to_string());
  BOOST_CHECK(change->state == WantedState::kMaintenance);
  BOOST_CHECK_EQUAL(change->reason, "disk swap");
  BOOST_CHECK(change->condition == SetCondition::kSafe);

  auto plain =
      parse_set_node_state(R"({"state": {"user": {"state": "up"}}, "response-wait": "no-wait"})");
  BOOST_REQUIRE(plain.ok());
  BOOST_CHECK(plain->state == WantedState::kUp);
  BOOST_CHECK(plain->condition == SetCondition::kUnconditionally);
}

BOOST_AUTO_TEST_CASE(bad_put_bodies_are_refused_naming_the_problem) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"state": )", "not valid JSON"},
      {R"([1, 2])", "must be a JSON object, got an array"},
      {R"({})", "has no 'state'"},
      {R"({"state": "up"})", "'state' must be an object, got a string"},
      {R"({"state": {}})", "'state' has no 'user' object"},
      {R"({"state": {"unit": {"state": "up"}}})", "unknown key 'state.unit'"},
      {R"({"state": {"user": {"reason": "x"}}})", "'state.user' has no 'state'"},
      {R"({"state": {"user": {"state": 3}}})", "'state.user.state' must be a string, got a number"},
      {R"({"state": {"user": {"state": "initializing"}}})", "cannot be wanted"},
      {R"({"state": {"user": {"state": "sleeping"}}})", "unknown node state 'sleeping'"},
      {R"({"state": {"user": {"state": "up", "why": "x"}}})", "unknown key 'state.user.why'"},
      {R"({"state": {"user": {"state": "up", "reason": 1}}})",
       "'state.user.reason' must be a string"},
      {R"({"state": {"user": {"state": "up"}}, "condition": "maybe"})",
       "unknown condition 'maybe'"},
      {R"({"state": {"user": {"state": "up"}}, "response-wait": "later"})",
       "unknown response-wait 'later'"},
      {R"({"state": {"user": {"state": "up"}}, "force": true})", "unknown key 'force'"},
  };
  for (const auto& [body, expected] : cases) {
    auto change = parse_set_node_state(body);
    BOOST_CHECK_MESSAGE(change.status().code() == StatusCode::kInvalidArgument, body);
    BOOST_CHECK_MESSAGE(change.status().message().find(expected) != std::string::npos,
                        body << " -> " << change.status().message());
  }
}

BOOST_AUTO_TEST_CASE(set_results_and_errors_have_vespas_keys) {
  BOOST_CHECK_EQUAL(render_set_result({true, "ok"}), R"({"wasModified":true,"reason":"ok"})");
  BOOST_CHECK_EQUAL(render_error("no content cluster 'x'"),
                    R"({"message":"no content cluster 'x'"})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::controller
