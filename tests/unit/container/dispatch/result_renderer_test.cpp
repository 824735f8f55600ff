#include "container/dispatch/result_renderer.h"

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

namespace grove::container {

BOOST_AUTO_TEST_SUITE(result_renderer)

BOOST_AUTO_TEST_CASE(a_result_without_trace_has_no_trace_block) {
  SearchResult r;
  r.cluster = "music";
  std::string json = render_search_result(r);
  BOOST_TEST(json.find("\"trace\"") == std::string::npos, json);
  BOOST_TEST(json.find("\"totalCount\":0") != std::string::npos, json);
}

BOOST_AUTO_TEST_CASE(selected_fields_narrow_each_hit_to_those_fields) {
  SearchResult r;
  r.cluster = "music";
  r.document_type = "music";
  r.hits.resize(1);
  r.fields_json = {R"({"documentid":"id:music:music::a","title":"Yellow","year":2000,"genres":["pop"]})"};
  std::string all = render_search_result(r);
  BOOST_TEST(all.find(R"("genres":["pop"])") != std::string::npos, all);
  r.select_fields = {"year", "title"};
  std::string some = render_search_result(r);
  BOOST_TEST(some.find(R"("fields":{"sddocname":"music","title":"Yellow","year":2000})") != std::string::npos, some);
  BOOST_TEST(some.find("genres") == std::string::npos, some);
  BOOST_TEST(some.find(R"("id":"id:music:music::a")") != std::string::npos, some);  // the hit keeps its id
}

BOOST_AUTO_TEST_CASE(the_trace_gives_each_phase_and_each_node_its_own_time) {
  SearchResult r;
  r.cluster = "music";
  r.trace.emplace();
  r.trace->stats_ms = 0.25;
  r.trace->search_ms = 1.5;
  r.trace->fill_ms = 0.5;
  r.trace->total_ms = 2.5;
  r.trace->nodes.push_back({.key = 2, .search_ms = 1.25, .rtt_ms = 1.5, .matched = 40});
  r.trace->nodes.push_back({.key = 3, .search_ms = 0.75, .rtt_ms = 1.0, .matched = 7});
  std::string json = render_search_result(r);
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(json).value();
  BOOST_TEST(root.at_pointer("/root/trace/timing/search_ms").get_double().value() == 1.5);
  BOOST_TEST(root.at_pointer("/root/trace/timing/total_ms").get_double().value() == 2.5);
  BOOST_TEST(root.at_pointer("/root/trace/nodes/0/key").get_int64().value() == 2);
  BOOST_TEST(root.at_pointer("/root/trace/nodes/1/search_ms").get_double().value() == 0.75);
  BOOST_TEST(root.at_pointer("/root/trace/nodes/1/matched").get_int64().value() == 7);
  std::string message(root.at_pointer("/root/trace/children/0/message").get_string().value());
  BOOST_TEST(message == "content node music:2: 40 matched in 1.250 ms (round trip 1.500 ms)");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::container
