#include "container/query/query_tree_convert.h"

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

BOOST_AUTO_TEST_SUITE(query_tree_convert)

BOOST_AUTO_TEST_CASE(a_term_becomes_one_term_node_at_the_root) {
  protocol::QueryTree tree = to_protocol(where("title contains ({weight: 150}\"Fox\")"));
  BOOST_REQUIRE(tree.nodes.size() == 1u);
  BOOST_TEST(tree.root == 0);
  const protocol::QueryNode& n = tree.nodes[0];
  BOOST_TEST((n.kind == protocol::QueryNodeKind::kTerm));
  BOOST_TEST(n.field == "title");
  BOOST_TEST(n.term == "Fox");  // as typed: the content node normalizes
  BOOST_TEST(n.weight == 150);
  BOOST_TEST(n.children.empty());
  BOOST_TEST(!n.lower.has_value());
  BOOST_TEST(!n.upper.has_value());
}

BOOST_AUTO_TEST_CASE(operators_list_their_children_by_index_in_pre_order) {
  protocol::QueryTree tree = to_protocol(
      where("title contains \"a\" and !(artist contains phrase(\"b\", \"c\") or year < 5)"));
  // ANDNOT(title:a, OR(artist:phrase(b, c), year:[*,5)))
  BOOST_REQUIRE(tree.nodes.size() == 5u);
  BOOST_TEST(tree.root == 0);
  BOOST_TEST((tree.nodes[0].kind == protocol::QueryNodeKind::kAndNot));
  BOOST_TEST((tree.nodes[0].children == std::vector<int32_t>{1, 2}));
  BOOST_TEST((tree.nodes[1].kind == protocol::QueryNodeKind::kTerm));
  BOOST_TEST((tree.nodes[2].kind == protocol::QueryNodeKind::kOr));
  BOOST_TEST((tree.nodes[2].children == std::vector<int32_t>{3, 4}));
  BOOST_TEST((tree.nodes[3].kind == protocol::QueryNodeKind::kPhrase));
  BOOST_TEST((tree.nodes[3].phrase_terms == std::vector<std::string>{"b", "c"}));
  BOOST_TEST(tree.nodes[3].field == "artist");
  const protocol::QueryNode& range = tree.nodes[4];
  BOOST_TEST((range.kind == protocol::QueryNodeKind::kRange));
  BOOST_TEST(range.field == "year");
  BOOST_TEST(!range.lower.has_value());
  BOOST_TEST(range.upper.has_value());
  BOOST_TEST(*range.upper == 5.0);
  BOOST_TEST(!range.upper_inclusive);
}

BOOST_AUTO_TEST_CASE(ranges_keep_their_bounds_and_inclusivity) {
  protocol::QueryTree tree = to_protocol(where("{bounds: \"leftOpen\"}range(year, 2000, 2010)"));
  const protocol::QueryNode& n = tree.nodes.at(0);
  BOOST_TEST(n.lower.has_value());
  BOOST_TEST(*n.lower == 2000.0);
  BOOST_TEST(!n.lower_inclusive);
  BOOST_TEST(*n.upper == 2010.0);
  BOOST_TEST(n.upper_inclusive);
}

BOOST_AUTO_TEST_CASE(weak_and_carries_its_target_hits_and_constants_have_no_children) {
  protocol::QueryTree tree =
      to_protocol(where("{targetHits: 42}weakAnd(a contains \"x\", true) or false"));
  BOOST_REQUIRE(tree.nodes.size() == 5u);
  BOOST_TEST((tree.nodes[0].kind == protocol::QueryNodeKind::kOr));
  BOOST_TEST((tree.nodes[1].kind == protocol::QueryNodeKind::kWeakAnd));
  BOOST_TEST(tree.nodes[1].target_hits == 42);
  BOOST_TEST((tree.nodes[3].kind == protocol::QueryNodeKind::kTrue));
  BOOST_TEST((tree.nodes[4].kind == protocol::QueryNodeKind::kFalse));
  BOOST_TEST(tree.nodes[4].children.empty());
}

BOOST_AUTO_TEST_CASE(every_child_index_points_forward_into_the_list) {
  protocol::QueryTree tree = to_protocol(where(
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
  std::vector<protocol::SortSpec> sort = to_protocol(std::vector<SortKey>{{"year", false}, {"title", true}});
  BOOST_REQUIRE(sort.size() == 2u);
  BOOST_TEST(sort[0].attribute == "year");
  BOOST_TEST(!sort[0].ascending);
  BOOST_TEST(sort[1].ascending);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::query
