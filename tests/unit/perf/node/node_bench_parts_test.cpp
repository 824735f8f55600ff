// The node benchmark's small parts: the node log line, the peers' output and dump files, the
// agreement rules, the summary lookups and the unstemmed application package.

#include <boost/test/unit_test.hpp>

#include "perf/node/agreement.h"
#include "perf/node/app_variant.h"
#include "perf/node/node_process.h"
#include "perf/node/peer_runs.h"
#include "perf/node/summary_table.h"
#include "tests/unit/perf/temp_dir.h"

namespace grove::perf {

namespace {

QuerySet two_and_queries() {
  return parse_query_set("and2\ta b\t-\t-\nand1\tc\t-\t-\n", "test").value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(node_bench_parts)

BOOST_AUTO_TEST_CASE(the_index_start_up_line_is_read_from_the_node_log) {
  std::string log =
      "2026-01-01T00:00:00.000 grove-content[1] info: opened store\n"
      "2026-01-01T00:00:01.000 grove-content[1] info: index start-up: 126236 documents in 55997 "
      "buckets indexed in 3.75 s (33649 docs/s)\n"
      "2026-01-01T00:00:01.100 grove-content[1] info: serving\n";
  std::optional<StartupFigures> f = parse_startup_line(log);
  BOOST_REQUIRE(f.has_value());
  BOOST_TEST(f->documents == 126236u);
  BOOST_TEST(f->buckets == 55997u);
  BOOST_TEST(f->seconds == 3.75);
  BOOST_TEST(f->docs_per_second == 33649.0);
  BOOST_TEST(!parse_startup_line("no such line\n").has_value());
}

BOOST_AUTO_TEST_CASE(last_lines_keeps_the_end_of_a_log) {
  BOOST_TEST(last_lines("a\nb\nc\n", 2) == "b\nc\n");
  BOOST_TEST(last_lines("a\nb", 5) == "a\nb");
}

BOOST_AUTO_TEST_CASE(peer_output_gives_its_load_and_result_lines) {
  PeerRun run = parse_peer_output(
      "xapian",
      "xapian gcide: loading ...\n"
      "LOAD engine=xapian corpus=gcide docs=100 seconds=2.00 docs_per_s=50 optimize_s=0.1 "
      "index_bytes=9700 bytes_per_doc=97\n"
      "RESULT engine=xapian corpus=gcide threads=1 type=and2 queries=10 qps=500.0 p50_us=1.0 "
      "p99_us=2.0 mean_us=1.5 avg_hits=3.00 zero_hit=0\n");
  BOOST_REQUIRE(run.load.has_value());
  BOOST_TEST(run.load->docs == 100u);
  BOOST_TEST(run.load->bytes_per_doc == 97.0);
  BOOST_REQUIRE(run.results.size() == 1u);
  BOOST_TEST(run.results[0].latency.qps == 500.0);
}

BOOST_AUTO_TEST_CASE(a_dump_file_gives_the_ordinals_of_each_query) {
  TempDir dir;
  std::string file = dir.write("hits", "and2\ta b\t-\t-\t3 1 2\nand1\tc\t-\t-\t\n");
  auto hits = read_dump_hits(file);
  BOOST_REQUIRE(hits.ok());
  BOOST_REQUIRE(hits->size() == 2u);
  BOOST_TEST(((*hits)[0] == std::vector<uint64_t>{3, 1, 2}));
  BOOST_TEST((*hits)[1].empty());
}

BOOST_AUTO_TEST_CASE(total_hits_agree_when_they_match_a_short_peer_answer) {
  QuerySet set = two_and_queries();
  std::vector<GroveAnswer> grove{{.total_hits = 3, .total_hits_exact = true, .ordinals = {2, 1, 3}},
                                 {.total_hits = 4, .total_hits_exact = true, .ordinals = {1, 2, 3, 4}}};
  SampleAgreement a = compare_sample("xapian", set, {0, 1}, grove, {{1, 2, 3}, {1, 2, 3}});
  BOOST_TEST(a.sampled == 2u);
  BOOST_TEST(a.counts_agree == 1u);
  BOOST_TEST(a.sets_compared == 2u);
  BOOST_TEST(a.sets_agree == 1u);
  BOOST_TEST(a.examples.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_full_peer_page_agrees_with_any_total_of_at_least_a_page) {
  QuerySet set = two_and_queries();
  std::vector<uint64_t> page{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<GroveAnswer> grove{{.total_hits = 250, .total_hits_exact = true, .ordinals = page}};
  SampleAgreement a = compare_sample("fts5", set, {0}, grove, {page});
  BOOST_TEST(a.counts_agree == 1u);
  BOOST_TEST(a.sets_compared == 0u);
}

BOOST_AUTO_TEST_CASE(samples_are_spread_over_the_queries_of_one_operator) {
  QuerySet set = parse_query_set("and1\ta\t-\t-\nor2\ta b\t-\t-\nand1\tb\t-\t-\nand1\tc\t-\t-\n"
                                 "and1\td\t-\t-\n",
                                 "test")
                     .value();
  TypeIndices types = indices_by_type(set, 0);
  BOOST_TEST((sample_queries(types, QueryOp::kAnd, set, 2) == std::vector<uint32_t>{0, 3}));
  BOOST_TEST((sample_queries(types, QueryOp::kAnd, set, 10) == std::vector<uint32_t>{0, 2, 3, 4}));
}

BOOST_AUTO_TEST_CASE(hit_counts_are_compared_per_type_over_the_queries_run) {
  QuerySet set = two_and_queries();
  TypeIndices types = indices_by_type(set, 0);
  auto rows = compare_hit_counts(types, {2, -1}, {{5, 6}, {7}});
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0].compared == 1u);
  BOOST_TEST(rows[0].same_count == 1u);
  BOOST_TEST(rows[1].compared == 0u);
}

BOOST_AUTO_TEST_CASE(qps_is_looked_up_by_engine_threads_and_type) {
  ResultLine r;
  r.engine = "grove-rpc";
  r.threads = 2;
  r.type = "all";
  r.latency.qps = 42;
  BOOST_TEST(qps_of({r}, "grove-rpc", 2, "all").value() == 42.0);
  BOOST_TEST(!qps_of({r}, "grove-rpc", 1, "all").has_value());
}

BOOST_AUTO_TEST_CASE(an_unstemmed_schema_turns_every_stemming_setting_off) {
  std::string sd =
      "# a comment\nschema verse {\n    document verse {\n        field text type string {\n"
      "            stemming: best\n        }\n    }\n}\n";
  std::string out = unstemmed_schema(sd);
  BOOST_TEST(out.find("stemming: best") == std::string::npos);
  BOOST_TEST(out.find("schema verse {\n    stemming: none\n    document verse {") != std::string::npos);
  BOOST_TEST(out.find("            stemming: none\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::perf
