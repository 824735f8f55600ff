#include "container/server/search_params.h"
#include "container/query/request_timeout.h"

#include <boost/test/unit_test.hpp>

#include "container/dispatch/global_stats_merge.h"
#include "container/server/node_address.h"
#include "container/dispatch/result_renderer.h"

namespace grove::container {

namespace {

http::HttpRequest get(std::vector<std::pair<std::string, std::string>> query) {
  http::HttpRequest r;
  r.method = "GET";
  r.path = "/search/";
  r.query = std::move(query);
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(search_params)

BOOST_AUTO_TEST_CASE(defaults_apply_when_only_a_query_is_given) {
  auto p = parse_search_params(get({{"query", "yellow"}}));
  BOOST_REQUIRE(p.ok());
  BOOST_TEST(*p->query.query == "yellow");
  BOOST_TEST(p->rank_profile == "default");
  BOOST_TEST(!p->hits.has_value());
  BOOST_TEST(p->global_stats);
  BOOST_TEST(p->summary == "default");
}

BOOST_AUTO_TEST_CASE(every_named_parameter_is_read) {
  auto p = parse_search_params(get({{"yql", "select * from music where true"},
                                    {"model.restrict", "music, other"},
                                    {"model.searchGroup", "1"},
                                    {"ranking.profile", "popular"},
                                    {"hits", "5"},
                                    {"offset", "2"},
                                    {"timeout", "500ms"},
                                    {"presentation.summary", "short"},
                                    {"ranking.globalStats", "false"},
                                    {"dispatch.topKProbability", "0.99"}}));
  BOOST_REQUIRE(p.ok());
  BOOST_TEST((p->restrict == std::vector<std::string>{"music", "other"}));
  BOOST_TEST(*p->search_group == 1u);
  BOOST_TEST(p->rank_profile == "popular");
  BOOST_TEST(*p->hits == 5u);
  BOOST_TEST(*p->offset == 2u);
  BOOST_TEST((*p->timeout == std::chrono::milliseconds(500)));
  BOOST_TEST(p->summary == "short");
  BOOST_TEST(!p->global_stats);
  BOOST_TEST(*p->top_k_probability == 0.99);
}

BOOST_AUTO_TEST_CASE(post_json_body_is_flattened_to_dotted_names) {
  http::HttpRequest r = get({});
  r.method = "POST";
  r.headers = {{"Content-Type", "application/json"}};
  r.body = R"({"yql":"select * from music where true","hits":3,"ranking":{"profile":"popular"}})";
  auto p = parse_search_params(r);
  BOOST_TEST_REQUIRE(p.ok(), p.status());
  BOOST_TEST(*p->query.yql == "select * from music where true");
  BOOST_TEST(*p->hits == 3u);
  BOOST_TEST(p->rank_profile == "popular");
}

BOOST_AUTO_TEST_CASE(post_form_body_is_decoded) {
  http::HttpRequest r = get({});
  r.method = "POST";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  r.body = "query=coldplay+yellow&hits=2";
  auto p = parse_search_params(r);
  BOOST_TEST_REQUIRE(p.ok(), p.status());
  BOOST_TEST(*p->query.query == "coldplay yellow");
  BOOST_TEST(*p->hits == 2u);
}

BOOST_AUTO_TEST_CASE(out_of_range_or_malformed_values_are_invalid_arguments) {
  for (auto bad : std::vector<std::pair<std::string, std::string>>{
           {"hits", "401"}, {"offset", "1001"}, {"hits", "-1"}, {"timeout", "soon"},
           {"ranking.globalStats", "maybe"}, {"dispatch.topKProbability", "1.5"},
           {"model.searchGroup", "x"}}) {
    auto p = parse_search_params(get({{"query", "a"}, bad}));
    BOOST_TEST(p.status().code() == StatusCode::kInvalidArgument, bad.first);
  }
}

BOOST_AUTO_TEST_CASE(timeouts_accept_vespa_units) {
  BOOST_TEST((*query::parse_timeout("2s") == std::chrono::seconds(2)));
  BOOST_TEST((*query::parse_timeout("1.5") == std::chrono::milliseconds(1500)));
  BOOST_TEST((*query::parse_timeout("250 ms") == std::chrono::milliseconds(250)));
  BOOST_TEST((*query::parse_timeout("1m") == std::chrono::seconds(60)));
  BOOST_TEST(!query::parse_timeout("-1s").ok());
}

BOOST_AUTO_TEST_CASE(node_addresses_parse_and_reject_junk) {
  auto nodes = parse_node_addresses("music:0=127.0.0.1:19100, music:3=localhost:19106");
  BOOST_REQUIRE(nodes.ok());
  BOOST_TEST(nodes->size() == 2u);
  BOOST_TEST(((*nodes)[1] == NodeAddress{"music", 3, "localhost", 19106}));
  BOOST_TEST(!parse_node_addresses("").ok());
  BOOST_TEST(!parse_node_addresses("music=127.0.0.1:1").ok());
  BOOST_TEST(!parse_node_addresses("music:0=127.0.0.1:0").ok());
}

BOOST_AUTO_TEST_CASE(global_stats_add_up_per_term_and_field) {
  protocol::GlobalStats a, b;
  a.total_documents = 3;
  b.total_documents = 4;
  protocol::TermStats t;
  t.field = "title";
  t.term = "yellow";
  t.document_frequency = 1;
  a.terms.push_back(t);
  t.document_frequency = 2;
  b.terms.push_back(t);
  protocol::FieldStats f;
  f.field = "title";
  f.length_sum = 10;
  f.document_count = 3;
  a.fields.push_back(f);
  b.fields.push_back(f);
  protocol::GlobalStats sum = merge_global_stats({&a, &b});
  BOOST_TEST(sum.total_documents == 7);
  BOOST_REQUIRE(sum.terms.size() == 1u);
  BOOST_TEST(sum.terms[0].document_frequency == 3);
  BOOST_REQUIRE(sum.fields.size() == 1u);
  BOOST_TEST(sum.fields[0].length_sum == 20);
  BOOST_TEST(sum.fields[0].document_count == 6);
}

BOOST_AUTO_TEST_CASE(result_renders_vespa_json_with_search_group_and_hit_fields) {
  SearchResult r;
  r.cluster = "music";
  r.document_type = "music";
  r.total_count = 1;
  r.search_group = 1;
  r.coverage.nodes = r.coverage.nodes_expected = 2;
  dispatch::Hit hit;
  hit.gid[0] = 0xab;
  hit.relevance = 2.5;
  hit.node = 3;
  r.hits.push_back(hit);
  r.fields_json.push_back(R"({"title":"Yellow"})");
  std::string json = render_search_result(r);
  BOOST_TEST(json.find(R"("fields":{"totalCount":1,"searchGroup":1})") != std::string::npos, json);
  BOOST_TEST(json.find(R"("id":"index:music/3/ab0000000000000000000000")") != std::string::npos, json);
  BOOST_TEST(json.find(R"("fields":{"sddocname":"music","title":"Yellow"})") != std::string::npos, json);
  BOOST_TEST(json.find("errors") == std::string::npos, json);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::container
