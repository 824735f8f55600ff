#include <boost/test/unit_test.hpp>

#include <map>

#include "container/dispatch/coverage.h"
#include "container/dispatch/group_selector.h"
#include "container/dispatch/hit_merger.h"
#include "container/dispatch/top_k_estimate.h"

namespace grove::dispatch {

namespace {

config::DispatchTuning tuning(config::DispatchPolicy policy) {
  config::DispatchTuning t;
  t.policy = policy;
  return t;
}

std::map<size_t, int> spread(GroupSelector& s, int queries, std::vector<double> latency = {}) {
  std::map<size_t, int> counts;
  for (int i = 0; i < queries; ++i) {
    auto g = s.select(0, {}, std::nullopt);
    BOOST_REQUIRE(g.has_value());
    ++counts[*g];
    s.started(*g);
    s.finished(*g, latency.empty() ? 1.0 : latency[*g]);
  }
  return counts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dispatch)

BOOST_AUTO_TEST_CASE(quantiles_match_published_tables) {
  BOOST_TEST(std::abs(normal_quantile(0.975) - 1.959964) < 1e-5);
  BOOST_TEST(std::abs(normal_quantile(0.9999) - 3.719016) < 1e-5);
  BOOST_TEST(std::abs(student_t_quantile(0.975, 30) - 2.042272) < 1e-4);
  BOOST_TEST(std::abs(student_t_quantile(0.9999, 30) - 4.233986) < 2e-3);  // numerically integrated
}

BOOST_AUTO_TEST_CASE(hits_per_node_adds_a_margin_over_the_even_share) {
  BOOST_TEST(hits_per_node(10, 1, 0.9999) == 10u);
  BOOST_TEST(hits_per_node(10, 2, 1.0) == 10u);
  uint32_t two = hits_per_node(100, 2, 0.9999);   // 50 + 4.234 * 5 = 71.2
  BOOST_TEST(two == 72u);
  BOOST_TEST(hits_per_node(10, 4, 0.9999) <= 10u);
  BOOST_TEST(hits_per_node(10, 4, 0.9999) >= 3u);
  BOOST_TEST(hits_per_node(1000, 10, 0.9999, 50) == 50u);
}

BOOST_AUTO_TEST_CASE(round_robin_spreads_queries_evenly) {
  GroupSelector s(tuning(config::DispatchPolicy::kRoundRobin), 3, 1);
  auto counts = spread(s, 300);
  for (size_t g = 0; g < 3; ++g) BOOST_TEST(counts[g] == 100);
}

BOOST_AUTO_TEST_CASE(adaptive_sends_more_to_the_faster_group) {
  GroupSelector s(tuning(config::DispatchPolicy::kAdaptive), 2, 7);
  auto counts = spread(s, 3000, {1.0, 4.0});
  BOOST_TEST(counts[0] > 2 * counts[1], counts[0] << " vs " << counts[1]);
  BOOST_TEST(counts[1] > 0);
}

BOOST_AUTO_TEST_CASE(best_of_random_2_prefers_the_group_with_fewer_queries_in_flight) {
  GroupSelector s(tuning(config::DispatchPolicy::kBestOfRandom2), 2, 3);
  for (int i = 0; i < 5; ++i) s.started(0);  // group 0 is busy
  for (int i = 0; i < 50; ++i) BOOST_TEST(*s.select(0, {}, std::nullopt) == 1u);
}

BOOST_AUTO_TEST_CASE(groups_below_coverage_leave_rotation_and_return_at_the_max_share) {
  GroupSelector s(tuning(config::DispatchPolicy::kRoundRobin), 3, 1);
  s.update_coverage({1000, 1000, 900}, {true, true, true});  // 90% of the median: out
  BOOST_TEST(!s.in_rotation(2));
  for (int i = 0; i < 20; ++i) BOOST_TEST(*s.select(0, {}, std::nullopt) != 2u);
  s.update_coverage({1000, 1000, 975}, {true, true, true});  // 97.5% of max: back
  BOOST_TEST(s.in_rotation(2));
}

BOOST_AUTO_TEST_CASE(a_group_with_a_node_out_is_used_only_when_no_whole_group_is_left) {
  GroupSelector s(tuning(config::DispatchPolicy::kRoundRobin), 3, 1);
  s.update_coverage({1000, 1000, 1000}, {true, false, true});
  BOOST_TEST(s.any_qualifies());
  for (int i = 0; i < 20; ++i) BOOST_TEST(*s.select(0, {}, std::nullopt) != 1u);
  std::vector<bool> tried = {true, false, true};
  BOOST_TEST(*s.select(1, tried, std::nullopt) == 1u);  // the whole groups were tried
  BOOST_TEST(*s.select(2, tried, std::nullopt) == 1u);
  BOOST_TEST(!s.select(3, tried, std::nullopt).has_value());
  BOOST_TEST(!s.select(1, {true, true, true}, std::nullopt).has_value());
  // Every group has a node out: none qualifies for a layout switch, but a query still gets
  // an answer from one of them.
  s.update_coverage({1000, 1000, 1000}, {false, false, false});
  BOOST_TEST(!s.any_qualifies());
  BOOST_TEST(s.select(0, {}, std::nullopt).has_value());
}

BOOST_AUTO_TEST_CASE(a_pinned_group_is_used_while_it_qualifies) {
  GroupSelector s(tuning(config::DispatchPolicy::kRoundRobin), 3, 1);
  for (int i = 0; i < 10; ++i) BOOST_TEST(*s.select(0, {}, size_t{1}) == 1u);
  s.update_coverage({1000, 10, 1000}, {true, true, true});
  BOOST_TEST(*s.select(0, {}, size_t{1}) != 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::dispatch

namespace grove::dispatch {

namespace {
Hit hit(uint8_t id, double relevance, std::string sort = {}) {
  Hit h;
  h.gid[11] = id;
  h.relevance = relevance;
  h.sort_data = std::move(sort);
  return h;
}
std::vector<uint8_t> ids(const std::vector<Hit>& hits) {
  std::vector<uint8_t> out;
  for (const auto& h : hits) out.push_back(h.gid[11]);
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(merging)

BOOST_AUTO_TEST_CASE(merge_takes_the_global_window_by_relevance) {
  std::vector<std::vector<Hit>> lists = {{hit(1, 9), hit(2, 5), hit(3, 1)},
                                         {hit(4, 8), hit(5, 7)},
                                         {}};
  BOOST_TEST(ids(merge_hits(lists, 0, 3, false)) == std::vector<uint8_t>({1, 4, 5}));
  BOOST_TEST(ids(merge_hits(lists, 2, 2, false)) == std::vector<uint8_t>({5, 2}));
  BOOST_TEST(ids(merge_hits(lists, 10, 2, false)).empty());
}

BOOST_AUTO_TEST_CASE(merge_by_sort_data_and_ties_broken_by_gid) {
  std::vector<std::vector<Hit>> lists = {{hit(2, 0, "a"), hit(3, 0, "c")}, {hit(1, 0, "a"), hit(4, 0, "b")}};
  BOOST_TEST(ids(merge_hits(lists, 0, 4, true)) == std::vector<uint8_t>({1, 2, 4, 3}));
}

BOOST_AUTO_TEST_CASE(coverage_is_partial_and_says_why_when_a_node_is_missing) {
  Coverage c{750, 1000, 3, 4, false, true};
  BOOST_TEST(!c.full());
  BOOST_TEST(c.percent() == 75.0);
  JsonWriter w;
  c.write_json(w);
  BOOST_TEST(w.str() == R"({"coverage":75,"documents":750,"full":false,"nodes":3,"results":1,"resultsFull":0,"degraded":{"match-phase":false,"timeout":false,"adaptive-timeout":false,"non-ideal-state":true}})");
  Coverage all{1000, 1000, 4, 4, false, false};
  JsonWriter w2;
  all.write_json(w2);
  BOOST_TEST(w2.str() == R"({"coverage":100,"documents":1000,"full":true,"nodes":4,"results":1,"resultsFull":1})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::dispatch
