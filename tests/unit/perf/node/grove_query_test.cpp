#include "perf/node/grove_query.h"

#include <boost/test/unit_test.hpp>

namespace grove::perf {

namespace {

const QueryTarget kTarget{.document_type = "gcide", .text_field = "text", .rank_profile = "bm25",
                          .hits = 10};

Query query(const std::string& line) { return parse_query(line).value(); }

const protocol::QueryNode& root(const protocol::SearchRequest& r) { return r.query.nodes.at(r.query.root); }

}  // namespace

BOOST_AUTO_TEST_SUITE(grove_query)

BOOST_AUTO_TEST_CASE(an_and_query_becomes_an_and_of_terms_on_the_text_field) {
  protocol::SearchRequest r = to_protocol_request(query("and2\twater fire\t-\t-"), kTarget);
  BOOST_TEST(r.document_type == "gcide");
  BOOST_TEST(r.rank_profile == "bm25");
  BOOST_TEST(r.hits == 10);
  BOOST_TEST(r.sort.empty());
  BOOST_TEST((root(r).kind == protocol::QueryNodeKind::kAnd));
  BOOST_REQUIRE(root(r).children.size() == 2u);
  const protocol::QueryNode& first = r.query.nodes.at(root(r).children[0]);
  BOOST_TEST((first.kind == protocol::QueryNodeKind::kTerm));
  BOOST_TEST(first.field == "text");
  BOOST_TEST(first.term == "water");
  BOOST_TEST(r.query.nodes.at(root(r).children[1]).term == "fire");
}

BOOST_AUTO_TEST_CASE(a_single_term_is_sent_as_the_term_alone) {
  protocol::SearchRequest r = to_protocol_request(query("and1\twater\t-\t-"), kTarget);
  BOOST_TEST(r.query.nodes.size() == 1u);
  BOOST_TEST((root(r).kind == protocol::QueryNodeKind::kTerm));
}

BOOST_AUTO_TEST_CASE(an_or_query_becomes_an_or_and_a_phrase_a_phrase_node) {
  BOOST_TEST((root(to_protocol_request(query("or3\ta b c\t-\t-"), kTarget)).kind ==
              protocol::QueryNodeKind::kOr));
  protocol::SearchRequest p = to_protocol_request(query("phrase2\tburning bush\t-\t-"), kTarget);
  BOOST_TEST((root(p).kind == protocol::QueryNodeKind::kPhrase));
  BOOST_TEST(root(p).field == "text");
  BOOST_TEST((root(p).phrase_terms == std::vector<std::string>{"burning", "bush"}));
}

BOOST_AUTO_TEST_CASE(a_filter_ands_an_inclusive_range_onto_the_text_part) {
  protocol::SearchRequest r = to_protocol_request(query("and2+filter\twater fire\tlength:120..2400\t-"),
                                          kTarget);
  BOOST_TEST((root(r).kind == protocol::QueryNodeKind::kAnd));
  BOOST_REQUIRE(root(r).children.size() == 2u);
  BOOST_TEST((r.query.nodes.at(root(r).children[0]).kind == protocol::QueryNodeKind::kAnd));
  const protocol::QueryNode& range = r.query.nodes.at(root(r).children[1]);
  BOOST_TEST((range.kind == protocol::QueryNodeKind::kRange));
  BOOST_TEST(range.field == "length");
  BOOST_TEST((range.lower.has_value() && range.upper.has_value()));
  BOOST_TEST(*range.lower == 120.0);
  BOOST_TEST(*range.upper == 2400.0);
  BOOST_TEST((range.lower_inclusive && range.upper_inclusive));
}

BOOST_AUTO_TEST_CASE(sort_keys_become_sort_specs_in_order) {
  protocol::SearchRequest r =
      to_protocol_request(query("and2+sort\twept jesus\t-\tbook_number,-chapter"), kTarget);
  BOOST_REQUIRE(r.sort.size() == 2u);
  BOOST_TEST(r.sort[0].attribute == "book_number");
  BOOST_TEST(r.sort[0].ascending);
  BOOST_TEST(r.sort[1].attribute == "chapter");
  BOOST_TEST(!r.sort[1].ascending);
}

BOOST_AUTO_TEST_CASE(the_in_process_request_has_the_same_shape) {
  search::SearchRequest r =
      to_search_request(query("and2+filter\twater fire\tlength:120..2400\t-"), kTarget);
  BOOST_TEST(r.rank_profile == "bm25");
  BOOST_TEST(r.hits == 10u);
  BOOST_TEST(r.query.to_string() ==
             search::QueryTree::from(
                 search::QueryExpr::and_({search::QueryExpr::and_({search::QueryExpr::term("text", "water"),
                                                                   search::QueryExpr::term("text", "fire")}),
                                          search::QueryExpr::range("length", 120, 2400)}))
                 .to_string());
  search::SearchRequest s = to_search_request(query("and2+sort\twept jesus\t-\t-verse"), kTarget);
  BOOST_REQUIRE(s.order_by.size() == 1u);
  BOOST_TEST(s.order_by[0].attribute == "verse");
  BOOST_TEST(!s.order_by[0].ascending);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::perf
