#include "container/query/yql_parser.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace grove::query {

namespace {

const std::string kPrefix = "select * from sources * where ";

struct ExpressionCase {
  std::string where;     // the text after "where"
  std::string expected;  // QueryItem::to_string() of the root
};

YqlContext context_with(std::optional<std::string> user_query) {
  static const std::map<std::string, std::string, std::less<>> kParams = {
      {"q", "a b"}, {"animal", "fox"}, {"blank", " "}};
  YqlContext context;
  context.user_query = std::move(user_query);
  context.parameters = &kParams;
  return context;
}

std::string root_of(const std::string& where, std::optional<std::string> user_query = "fox dog") {
  Result<Query> q = parse_yql(kPrefix + where, context_with(std::move(user_query)));
  if (!q.ok()) return "ERROR " + q.status().to_string();
  return q->root.to_string();
}

std::string message_of(const std::string& yql) {
  Result<Query> q = parse_yql(yql, context_with(std::nullopt));
  if (q.ok()) return "OK " + q->to_string();
  return q.status().message();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(yql_parser)

BOOST_AUTO_TEST_CASE(expressions_become_the_expected_item_trees) {
  const std::vector<ExpressionCase> cases = {
      {"title contains \"fox\"", "title:fox"},
      {"title contains 'fox'", "title:fox"},
      {"title CONTAINS \"fox\"", "title:fox"},
      {"default contains \"fox\"", "default:fox"},
      {"my.field contains \"x\"", "my.field:x"},
      {"title contains \"quick brown\"", "title:\"quick brown\""},
      {"title contains \"say \\\"hi\\\"\"", "title:\"say \\\"hi\\\"\""},
      {"title contains \"\\u00e9t\\u00e9\"", "title:\xC3\xA9t\xC3\xA9"},
      {"title contains 'it\\'s'", "title:it's"},
      {"title contains phrase(\"quick\", \"brown\", \"fox\")", "title:phrase(quick, brown, fox)"},
      {"title contains phrase('one')", "title:phrase(one)"},
      {"title contains ({weight: 200}\"fox\")", "title:fox!200"},
      {"title contains {weight:50}\"fox\"", "title:fox!50"},
      {"title contains ({weight: 300}phrase(\"a\", \"b\"))", "title:phrase(a, b)!300"},
      {"title contains ({}\"fox\")", "title:fox"},
      {"title contains (\"fox\")", "title:fox"},
      {"title contains @animal", "title:fox"},
      {"a contains \"x\" and b contains \"y\"", "AND(a:x, b:y)"},
      {"a contains \"x\" AND b contains \"y\" and c contains \"z\"", "AND(a:x, b:y, c:z)"},
      {"a contains \"x\" or b contains \"y\"", "OR(a:x, b:y)"},
      {"a contains \"x\" or b contains \"y\" and c contains \"z\"", "OR(a:x, AND(b:y, c:z))"},
      {"(a contains \"x\" or b contains \"y\") and c contains \"z\"", "AND(OR(a:x, b:y), c:z)"},
      {"((a contains \"x\"))", "a:x"},
      {"a contains \"x\" and !b contains \"y\"", "ANDNOT(a:x, b:y)"},
      {"a contains \"x\" and !(b contains \"y\" or c contains \"z\") and d contains \"w\"",
       "ANDNOT(AND(a:x, d:w), OR(b:y, c:z))"},
      {"!a contains \"x\"", "ANDNOT(TRUE, a:x)"},
      {"!!a contains \"x\"", "a:x"},
      {"true and !a contains \"x\"", "ANDNOT(TRUE, a:x)"},
      {"a contains \"x\" or !b contains \"y\"", "OR(a:x, ANDNOT(TRUE, b:y))"},
      {"year > 2000", "year:(2000,*]"},
      {"year >= 2000", "year:[2000,*]"},
      {"year < 2000", "year:[*,2000)"},
      {"year <= 2000.5", "year:[*,2000.5]"},
      {"year = 1999", "year:[1999,1999]"},
      {"year > -5", "year:(-5,*]"},
      {"year > 1e3", "year:(1000,*]"},
      {"year > 5L", "year:(5,*]"},
      {"year < Infinity", "year:[*,*]"},
      {"2000 < year", "year:(2000,*]"},
      {"2000 >= year", "year:[*,2000]"},
      {"range(year, 2000, 2010)", "year:[2000,2010]"},
      {"range(year, -Infinity, 2010)", "year:[*,2010]"},
      {"range(year, 2000, Infinity)", "year:[2000,*]"},
      {"range(popularity, -0.5, 0.5)", "popularity:[-0.5,0.5]"},
      {"({bounds: \"leftOpen\"}range(year, 2000, 2010))", "year:(2000,2010]"},
      {"{bounds: \"rightOpen\"}range(year, 2000, 2010)", "year:[2000,2010)"},
      {"{bounds: \"open\"}range(year, 1, 2)", "year:(1,2)"},
      {"true", "TRUE"},
      {"false", "FALSE"},
      {"TRUE or false", "OR(TRUE, FALSE)"},
      {"weakAnd(title contains \"a\", title contains \"b\")", "WEAKAND[100](title:a, title:b)"},
      {"({targetHits: 10}weakAnd(title contains \"a\", title contains \"b\"))",
       "WEAKAND[10](title:a, title:b)"},
      {"weakAnd({targetHits: 7}, title contains \"a\")", "WEAKAND[7](title:a)"},
      {"weakand({targetNumHits: 3}, a contains \"x\" and b contains \"y\")",
       "WEAKAND[3](AND(a:x, b:y))"},
      {"userQuery()", "AND(fox, dog)"},
      {"userQuery() and year > 2000", "AND(AND(fox, dog), year:(2000,*])"},
      {"userInput(@q)", "AND(a, b)"},
      {"{defaultIndex: \"title\", grammar: \"any\"}userInput(@q)", "OR(title:a, title:b)"},
      {"({grammar: 'weakAnd', targetHits: 5}userInput(\"hello world\"))",
       "WEAKAND[5](hello, world)"},
      {"userInput(\"hello world\")", "AND(hello, world)"},
      {"title contains \"fox\";", "title:fox"},
      {"  title\ncontains\t\"fox\"  ", "title:fox"},
  };
  for (const ExpressionCase& c : cases) {
    BOOST_TEST_CONTEXT(c.where) { BOOST_TEST(root_of(c.where) == c.expected); }
  }
}

BOOST_AUTO_TEST_CASE(select_and_from_clauses_name_fields_and_sources) {
  BOOST_TEST(message_of("select * from sources * where true") ==
             "OK select * from sources * where TRUE");
  BOOST_TEST(message_of("select title, artist from music where true") ==
             "OK select title, artist from sources music where TRUE");
  BOOST_TEST(message_of("select * from sources music, books where true") ==
             "OK select * from sources music, books where TRUE");
  BOOST_TEST(message_of("SELECT * FROM music, books WHERE true") ==
             "OK select * from sources music, books where TRUE");
}

BOOST_AUTO_TEST_CASE(limit_is_the_end_position_so_hits_are_limit_minus_offset) {
  Result<Query> q = parse_yql(kPrefix + "true limit 15 offset 5", {});
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(*q->hits == 10);
  BOOST_TEST(*q->offset == 5);
  q = parse_yql(kPrefix + "true offset 5 limit 15", {});
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(*q->hits == 10);
  q = parse_yql(kPrefix + "true limit 10", {});
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(*q->hits == 10);
  BOOST_TEST(!q->offset.has_value());
  q = parse_yql(kPrefix + "true offset 20", {});
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(!q->hits.has_value());
  BOOST_TEST(*q->offset == 20);
  q = parse_yql(kPrefix + "true limit 5 offset 5", {});
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(*q->hits == 0);
  q = parse_yql(kPrefix + "true", {});
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(!q->hits.has_value());
  BOOST_TEST(!q->offset.has_value());
  BOOST_TEST(!q->timeout_ms.has_value());
}

BOOST_AUTO_TEST_CASE(order_by_takes_several_attributes_with_directions) {
  Result<Query> q =
      parse_yql(kPrefix + "true order by year desc, title, popularity ASC timeout 200", {});
  BOOST_REQUIRE(q.ok());
  const std::vector<SortKey> expected = {{"year", false}, {"title", true}, {"popularity", true}};
  BOOST_TEST((q->order_by == expected));
  BOOST_TEST(*q->timeout_ms == 200);
  BOOST_TEST(q->to_string() ==
             "select * from sources * where TRUE order by year desc, title asc, popularity asc "
             "timeout 200");
}

BOOST_AUTO_TEST_CASE(all_clauses_together_print_in_canonical_form) {
  BOOST_TEST(message_of("select title, artist from sources music where title contains \"fox\" "
                        "and year >= 2000 order by year desc limit 15 offset 5 timeout 300;") ==
             "OK select title, artist from sources music where AND(title:fox, year:[2000,*]) "
             "order by year desc hits 10 offset 5 timeout 300");
}

BOOST_AUTO_TEST_CASE(user_query_without_a_query_parameter_is_a_null_query) {
  Result<Query> q = parse_yql(kPrefix + "userQuery()", context_with(std::nullopt));
  BOOST_REQUIRE(!q.ok());
  BOOST_TEST((q.status().code() == StatusCode::kNotFound));
  BOOST_TEST(q.status().message().starts_with("No query"));
  q = parse_yql(kPrefix + "userQuery()", context_with("  ?! "));
  BOOST_TEST((q.status().code() == StatusCode::kNotFound));
  q = parse_yql(kPrefix + "userInput(@blank)", context_with(std::nullopt));
  BOOST_TEST((q.status().code() == StatusCode::kNotFound));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::query
