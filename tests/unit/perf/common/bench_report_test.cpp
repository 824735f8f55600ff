#include "perf/common/bench_report.h"

#include <boost/test/unit_test.hpp>

#include "perf/common/rng.h"

namespace grove::perf {

BOOST_AUTO_TEST_SUITE(bench_report)

BOOST_AUTO_TEST_CASE(percentiles_use_the_nearest_rank) {
  std::vector<int64_t> ns;
  for (int i = 100; i >= 1; --i) ns.push_back(i * 1000);
  LatencySummary s = summarize(ns, 2.0);
  BOOST_TEST(s.count == 100u);
  BOOST_TEST(s.qps == 50.0);
  BOOST_TEST(s.p50_us == 50.0);
  BOOST_TEST(s.p99_us == 99.0);
  BOOST_TEST(s.max_us == 100.0);
  BOOST_TEST(s.mean_us == 50.5);
}

BOOST_AUTO_TEST_CASE(an_empty_run_summarizes_to_zeros) {
  LatencySummary s = summarize({}, 0);
  BOOST_TEST(s.count == 0u);
  BOOST_TEST(s.qps == 0.0);
}

BOOST_AUTO_TEST_CASE(result_lines_parse_back) {
  ResultLine r{.engine = "fts5",
               .corpus = "kjv",
               .threads = 2,
               .type = "and2+filter",
               .latency = summarize({1000, 3000}, 0.5),
               .avg_hits = 9.5,
               .zero_hit = 1};
  std::string line = format_result_line(r);
  BOOST_TEST(line.rfind("RESULT engine=fts5 corpus=kjv threads=2 type=and2+filter", 0) == 0u);
  auto back = parse_result_line(line);
  BOOST_REQUIRE(back.ok());
  BOOST_TEST(back->engine == "fts5");
  BOOST_TEST(back->threads == 2);
  BOOST_TEST(back->type == "and2+filter");
  BOOST_TEST(back->latency.qps == 4.0);
  BOOST_TEST(back->latency.count == 2u);
  BOOST_TEST(back->zero_hit == 1u);
  BOOST_TEST(!parse_result_line("LOAD engine=x").ok());
}

BOOST_AUTO_TEST_CASE(human_lines_carry_the_same_figures) {
  ResultLine r;
  r.engine = "xapian";
  r.corpus = "gcide";
  r.type = "and2";
  r.latency.count = 1000;
  r.latency.qps = 12560.3;
  r.latency.p50_us = 30.7;
  r.latency.p99_us = 567.0;
  r.avg_hits = 6.56;
  BOOST_TEST(format_human_line(r) ==
             "xapian gcide threads=1 and2            1000 queries   12560.3 qps  p50     30.7 us  "
             "p99    567.0 us  avg hits  6.56  zero-hit 0");
}

BOOST_AUTO_TEST_CASE(the_rng_is_deterministic_and_stays_below_its_bound) {
  Rng a(42);
  Rng b(42);
  for (int i = 0; i < 1000; ++i) {
    uint64_t x = a.below(7);
    BOOST_TEST(x == b.below(7));
    BOOST_TEST(x < 7u);
  }
  BOOST_TEST(Rng(1).next() != Rng(2).next());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::perf
