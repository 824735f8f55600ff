// The pure parts of `grove query` and `grove visit`: request targets, the printed form of a
// search result, and visit pages turned into re-feedable JSONL.

#include <boost/test/unit_test.hpp>

#include "container/cli/query_command.h"
#include "container/cli/visit_command.h"

namespace grove::cli {

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(query_and_visit_commands)

BOOST_AUTO_TEST_CASE(select_queries_are_yql_and_others_the_simple_language) {
  BOOST_TEST(search_target("select * from music where true", {}) ==
             "/search/?yql=select%20%2A%20from%20music%20where%20true");
  BOOST_TEST(
      search_target("  SELECT title from music where true", {}).starts_with("/search/?yql="));
  BOOST_TEST(search_target("yellow +coldplay", {{"hits", "5"}, {"model.searchGroup", "1"}}) ==
             "/search/?query=yellow%20%2Bcoldplay&hits=5&model.searchGroup=1");
  BOOST_TEST(search_target("selection", {}) == "/search/?query=selection");  // a word, not YQL
}

BOOST_AUTO_TEST_CASE(search_result_prints_totals_then_hits_with_a_line_per_field) {
  auto r = format_search_result(R"({"root":{"id":"toplevel","relevance":1.0,
      "fields":{"totalCount":2,"searchGroup":1},
      "coverage":{"coverage":100,"documents":12,"full":true,"nodes":2,"results":1,"resultsFull":1},
      "children":[{"id":"id:music:music::yellow","relevance":1.5,"source":"music",
                   "fields":{"sddocname":"music","documentid":"id:music:music::yellow","title":"Yellow","year":2000,
                             "genres":["pop","rock"]}},
                  {"id":"id:music:music::clocks","relevance":0.25,"source":"music","fields":{"sddocname":"music"}}]}})");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(
      contains(r->text, "totalCount 2  coverage 100% (12 documents, 2 nodes)  searchGroup 1\n"),
      r->text);
  BOOST_TEST(
      contains(
          r->text,
          "  1. 1.5          id:music:music::yellow\n     title: Yellow\n     year: 2000\n"
          "     genres: [\"pop\",\"rock\"]\n"),
      r->text);
  BOOST_TEST(contains(r->text, "  2. 0.25         id:music:music::clocks\n"), r->text);
  BOOST_TEST(r->errors.empty());
}

BOOST_AUTO_TEST_CASE(long_field_values_are_shortened_to_one_line) {
  std::string text = "Sphere \\\\Sphere\\\\, n.\\n   1. (Geom.) A body" + std::string(200, 'x');
  auto r = format_search_result(R"({"root":{"fields":{"totalCount":1},"children":[{"id":"id:a:a::1",
      "relevance":1.0,"fields":{"text":")" + text + R"("}}]}})");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(contains(r->text, "     text: Sphere \\Sphere\\, n. 1. (Geom.) A body"), r->text);
  BOOST_TEST(contains(r->text, "xxx...\n"), r->text);
  BOOST_TEST(r->text.size() < 200u, r->text);
}

BOOST_AUTO_TEST_CASE(search_errors_are_collected_for_stderr_and_junk_is_refused) {
  auto r = format_search_result(R"({"root":{"id":"toplevel","fields":{"totalCount":0},
      "errors":[{"code":4,"summary":"Invalid query parameter","message":"Could not parse 'x'"}]}})");
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->text == "totalCount 0\n");
  BOOST_REQUIRE(r->errors.size() == 1u);
  BOOST_TEST(r->errors[0] == "error 4 (Invalid query parameter): Could not parse 'x'");
  BOOST_TEST(!format_search_result("<html>").ok());
  BOOST_TEST(!format_search_result(R"({"pathId":"/x"})").ok());
}

BOOST_AUTO_TEST_CASE(visit_targets_carry_type_cluster_selection_and_continuation) {
  VisitTarget t;
  t.type = "music:music";
  t.page_size = 500;
  BOOST_TEST(visit_page_target(t, {}).value() ==
             "/document/v1/music/music/docid?wantedDocumentCount=500");
  t.cluster = "music";
  t.selection = "music.year > 2000";
  BOOST_TEST(visit_page_target(t, "AQ-_").value() ==
             "/document/v1/music/music/docid?cluster=music&selection=music.year%20%3E%202000"
             "&wantedDocumentCount=500&continuation=AQ-_");
  VisitTarget root;
  root.cluster = "music";
  BOOST_TEST(visit_page_target(root, {}).value() ==
             "/document/v1/?cluster=music&wantedDocumentCount=1000");
  // Neither: the root, whose only cluster the container visits (or it names the clusters).
  BOOST_TEST(visit_page_target(VisitTarget{}, {}).value() == "/document/v1/?wantedDocumentCount=1000");
  for (const char* bad : {"music", ":music", "music:", "a:b:c"}) {
    VisitTarget b;
    b.type = bad;
    BOOST_TEST(!visit_page_target(b, {}).ok(), bad);
  }
}

BOOST_AUTO_TEST_CASE(visit_page_becomes_feed_lines_and_the_continuation) {
  auto page = parse_visit_page(R"({"pathId":"/document/v1/music/music/docid",
      "documents":[{"id":"id:music:music::a","fields":{"title":"A b","year":1}},
                   {"id":"id:music:music::c","fields":{}}],
      "documentCount":2,"continuation":"AQEA"})");
  BOOST_REQUIRE(page.ok());
  BOOST_TEST(page->jsonl ==
             "{\"put\":\"id:music:music::a\",\"fields\":{\"title\":\"A b\",\"year\":1}}\n"
             "{\"put\":\"id:music:music::c\",\"fields\":{}}\n");
  BOOST_TEST(page->documents == 2u);
  BOOST_TEST(*page->continuation == "AQEA");
  auto last = parse_visit_page(R"({"pathId":"/x","documents":[],"documentCount":0})");
  BOOST_REQUIRE(last.ok());
  BOOST_TEST(!last->continuation.has_value());
  BOOST_TEST(!parse_visit_page(R"({"pathId":"/x","message":"boom"})").ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::cli
