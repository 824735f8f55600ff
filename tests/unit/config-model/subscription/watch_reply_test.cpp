// The watch reply's JSON (docs/subscription.md), the watch target and the retry back-off.

#include <boost/test/unit_test.hpp>

#include "config-model/subscription/retry_backoff.h"
#include "config-model/subscription/watch_reply.h"

namespace grove::subscription {

using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(watch_reply)

BOOST_AUTO_TEST_CASE(the_contract_body_is_read_with_plan_and_cluster_states) {
  auto reply = WatchReply::parse(R"({"generation": 7,
      "package": "/application/v2/tenant/default/application/default/generation/7/package",
      "content-type": "application/x-gzip", "plan": {"generation": 7, "processes": []},
      "cluster-states": {"music": {"version": 7, "state": "version:7 distributor:4 storage:4"}},
      "future-field": true})");
  BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
  BOOST_TEST(reply->generation == 7u);
  BOOST_TEST(reply->package == "/application/v2/tenant/default/application/default/generation/7/package");
  BOOST_TEST(reply->content_type == "application/x-gzip");
  BOOST_TEST(reply->plan_json == R"({"generation":7,"processes":[]})");
  BOOST_TEST(reply->cluster_states.at("music").version == 7u);
  BOOST_TEST(reply->cluster_states.at("music").state == "version:7 distributor:4 storage:4");
}

BOOST_AUTO_TEST_CASE(generation_zero_needs_no_package_or_plan) {
  auto reply = WatchReply::parse(R"({"generation": 0})");
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST(reply->generation == 0u);
  BOOST_TEST(reply->plan_json.empty());
}

BOOST_AUTO_TEST_CASE(bad_bodies_are_refused_naming_the_field) {
  auto message = [](std::string_view body) { return WatchReply::parse(body).status().message(); };
  BOOST_TEST(message("not json").find("not JSON") != std::string::npos);
  BOOST_TEST(message(R"({"generation": "7"})").find("'generation'") != std::string::npos);
  BOOST_TEST(message(R"({"generation": 3, "plan": {}})").find("'package'") != std::string::npos);
  BOOST_TEST(message(R"({"generation": 3, "package": "/p"})").find("'plan'") != std::string::npos);
  BOOST_TEST(message(R"({"generation": 3, "package": "/p", "plan": 5})").find("'plan'") != std::string::npos);
  BOOST_TEST(message(R"({"generation": 0, "cluster-states": {"music": {"version": 1}}})")
                 .find("cluster-states.music.state") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_target_carries_generation_timeout_and_seen_states) {
  BOOST_TEST(watch_target(3, 5, {}) == "/config/v1/watch?generation=3&timeout=5");
  ClusterStates states = {{"books", {3, ""}}, {"music", {7, ""}}};
  BOOST_TEST(watch_target(0, 30, states) == "/config/v1/watch?generation=0&timeout=30&states=books:3,music:7");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_backoff)

BOOST_AUTO_TEST_CASE(delays_double_up_to_the_maximum_within_the_jitter_and_reset) {
  RetryBackoff backoff({.initial = 100ms, .max = 1000ms, .jitter = 0.2}, 42);
  std::vector<int64_t> bases = {100, 200, 400, 800, 1000, 1000};
  for (int64_t base : bases) {
    int64_t delay = backoff.next().count();
    BOOST_TEST(delay <= base);
    BOOST_TEST(delay >= base * 8 / 10);
  }
  BOOST_TEST(backoff.failures() == bases.size());
  backoff.reset();
  BOOST_TEST(backoff.failures() == 0u);
  BOOST_TEST(backoff.next().count() <= 100);
}

BOOST_AUTO_TEST_CASE(no_jitter_gives_exact_delays) {
  RetryBackoff backoff({.initial = 200ms, .max = 500ms, .jitter = 0});
  BOOST_TEST(backoff.next().count() == 200);
  BOOST_TEST(backoff.next().count() == 400);
  BOOST_TEST(backoff.next().count() == 500);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::subscription
