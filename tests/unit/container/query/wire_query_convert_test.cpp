#include "container/query/wire_query_convert.h"

#include <boost/test/unit_test.hpp>

#include "container/query/yql_parser.h"

namespace grove::query {

namespace {

QueryItem where(const std::string& expression) {
  Result<Query> q = parse_yql("select * from sources * where " + expression, {});
  BOOST_REQUIRE_MESSAGE(q.ok(), q.status().to_string());
  return q->root;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_query_convert)

BOOST_AUTO_TEST_CASE(a_term_becomes_one_term_node_at_the_root) {
  wire::QueryTree tree = to_wire(where("title contains ({weight: 150}\"Fox\")"));
  BOOST_REQUIRE(tree.nodes.size() == 1u);
  BOOST_TEST(tree.root == 0);
  const wire::QueryNode& n = tree.nodes[0];
  BOOST_TEST((n.kind == wire::QueryNodeKind::TERM));
  BOOST_TEST(n.field == "title");
  BOOST_TEST(n.term == "Fox");  // as typed: the content node normalizes
  BOOST_TEST(n.weight == 150);
  BOOST_TEST(n.children.empty());
  BOOST_TEST(!n.__isset.lower);
  BOOST_TEST(!n.__isset.upper);
}

BOOST_AUTO_TEST_CASE(operators_list_their_children_by_index_in_pre_order) {
  wire::QueryTree tree = to_wire(
      where("title contains \"a\" and !(artist contains phrase(\"b\", \"c\") or year < 5)"));
  // ANDNOT(title:a, OR(artist:phrase(b, c), year:[*,5)))
  BOOST_REQUIRE(tree.nodes.size() == 5u);
  BOOST_TEST(tree.root == 0);
  BOOST_TEST((tree.nodes[0].kind == wire::QueryNodeKind::AND_NOT));
  BOOST_TEST((tree.nodes[0].children == std::vector<int32_t>{1, 2}));
  BOOST_TEST((tree.nodes[1].kind == wire::QueryNodeKind::TERM));
  BOOST_TEST((tree.nodes[2].kind == wire::QueryNodeKind::OR));
  BOOST_TEST((tree.nodes[2].children == std::vector<int32_t>{3, 4}));
  BOOST_TEST((tree.nodes[3].kind == wire::QueryNodeKind::PHRASE));
  BOOST_TEST((tree.nodes[3].phrase_terms == std::vector<std::string>{"b", "c"}));
  BOOST_TEST(tree.nodes[3].field == "artist");
  const wire::QueryNode& range = tree.nodes[4];
  BOOST_TEST((range.kind == wire::QueryNodeKind::RANGE));
  BOOST_TEST(range.field == "year");
  BOOST_TEST(!range.__isset.lower);
  BOOST_TEST(range.__isset.upper);
  BOOST_TEST(range.upper == 5.0);
  BOOST_TEST(!range.upper_inclusive);
}

BOOST_AUTO_TEST_CASE(ranges_keep_their_bounds_and_inclusivity) {
  wire::QueryTree tree = to_wire(where("{bounds: \"leftOpen\"}range(year, 2000, 2010)"));
  const wire::QueryNode& n = tree.nodes.at(0);
  BOOST_TEST(n.__isset.lower);
  BOOST_TEST(n.lower == 2000.0);
  BOOST_TEST(!n.lower_inclusive);
  BOOST_TEST(n.upper == 2010.0);
  BOOST_TEST(n.upper_inclusive);
}

BOOST_AUTO_TEST_CASE(weak_and_carries_its_target_hits_and_constants_have_no_children) {
  wire::QueryTree tree =
      to_wire(where("{targetHits: 42}weakAnd(a contains \"x\", true) or false"));
  BOOST_REQUIRE(tree.nodes.size() == 5u);
  BOOST_TEST((tree.nodes[0].kind == wire::QueryNodeKind::OR));
  BOOST_TEST((tree.nodes[1].kind == wire::QueryNodeKind::WEAK_AND));
  BOOST_TEST(tree.nodes[1].target_hits == 42);
  BOOST_TEST((tree.nodes[3].kind == wire::QueryNodeKind::TRUE));
  BOOST_TEST((tree.nodes[4].kind == wire::QueryNodeKind::FALSE));
  BOOST_TEST(tree.nodes[4].children.empty());
}

BOOST_AUTO_TEST_CASE(every_child_index_points_forward_into_the_list) {
  wire::QueryTree tree = to_wire(where(
      "(a contains \"1\" or b contains \"2\") and (c contains \"3\" or !(d contains \"4\" and "
      "e > 5)) and weakAnd(f contains \"6\", g contains \"7\")"));
  for (size_t i = 0; i < tree.nodes.size(); ++i) {
    for (int32_t c : tree.nodes[i].children) {
      BOOST_TEST(c > static_cast<int32_t>(i));
      BOOST_TEST(c < static_cast<int32_t>(tree.nodes.size()));
    }
  }
}

BOOST_AUTO_TEST_CASE(order_by_becomes_sort_specs) {
  std::vector<wire::SortSpec> sort = to_wire(std::vector<SortKey>{{"year", false}, {"title", true}});
  BOOST_REQUIRE(sort.size() == 2u);
  BOOST_TEST(sort[0].attribute == "year");
  BOOST_TEST(!sort[0].ascending);
  BOOST_TEST(sort[1].ascending);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::query
