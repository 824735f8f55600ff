#include "perf/common/query_set.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/perf/temp_dir.h"

namespace grove::perf {

BOOST_AUTO_TEST_SUITE(query_set)

BOOST_AUTO_TEST_CASE(a_line_parses_into_op_terms_filter_and_sort) {
  auto q = parse_query("and2+filter+sort\twater fire\tlength:-5..2400\tbook_number,-verse");
  BOOST_REQUIRE(q.ok());
  BOOST_TEST((q->op == QueryOp::kAnd));
  BOOST_TEST(q->terms.size() == 2u);
  BOOST_TEST(q->terms[1] == "fire");
  BOOST_REQUIRE(q->filter.has_value());
  BOOST_TEST(q->filter->field == "length");
  BOOST_TEST(q->filter->lo == -5);
  BOOST_TEST(q->filter->hi == 2400);
  BOOST_REQUIRE(q->sort.size() == 2u);
  BOOST_TEST(q->sort[0].field == "book_number");
  BOOST_TEST(!q->sort[0].descending);
  BOOST_TEST(q->sort[1].descending);
}

BOOST_AUTO_TEST_CASE(format_and_parse_round_trip) {
  for (const char* line :
       {"and1\tgod\t-\t-", "or3\ta b c\t-\t-", "phrase2\tthe lord\t-\t-",
        "and2+filter\tx y\tbook_number:1..39\t-", "and2+sort\tx y\t-\tbook_number,chapter,verse"}) {
    auto q = parse_query(line);
    BOOST_REQUIRE_MESSAGE(q.ok(), line << ": " << q.status());
    BOOST_TEST(format_query(*q) == line);
  }
}

BOOST_AUTO_TEST_CASE(the_filter_and_sort_columns_may_be_left_out) {
  auto q = parse_query("or2\tgod heaven");
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(format_query(*q) == "or2\tgod heaven\t-\t-");
}

BOOST_AUTO_TEST_CASE(a_type_that_disagrees_with_the_line_is_rejected) {
  BOOST_TEST(!parse_query("and2\ta b c\t-\t-").ok());
  BOOST_TEST(!parse_query("and2\ta b\tlength:1..2\t-").ok());
  BOOST_TEST(!parse_query("and2+filter\ta b\t-\t-").ok());
  BOOST_TEST(!parse_query("phrase1\ta\t-\t-").ok());
  BOOST_TEST(!parse_query("near2\ta b\t-\t-").ok());
}

BOOST_AUTO_TEST_CASE(bad_terms_filters_and_sorts_are_rejected) {
  BOOST_TEST(!parse_query("and2\ta  b").ok());
  BOOST_TEST(!parse_query("and1\tGod").ok());
  BOOST_TEST(!parse_query("and1\t\"x\"").ok());
  BOOST_TEST(!parse_query("and1\t").ok());
  BOOST_TEST(!parse_query("and1+filter\ta\tlength:5..1").ok());
  BOOST_TEST(!parse_query("and1+filter\ta\tlength:x..1").ok());
  BOOST_TEST(!parse_query("and1+filter\ta\tlen\"gth:1..2").ok());
  BOOST_TEST(!parse_query("and1+sort\ta\t-\tbook;drop").ok());
  BOOST_TEST(!parse_query("and1\ta\t-\t-\textra").ok());
}

BOOST_AUTO_TEST_CASE(a_file_keeps_header_types_and_fields_in_order) {
  auto set = parse_query_set(
      "# grove-queryset\n# seed=42\n\nor2\ta b\t-\t-\nand1\tc\t-\t-\nor2\td e\n"
      "and2+filter\tf g\tlength:1..9\t-\nand2+sort\th i\t-\tbook,verse\n",
      "q");
  BOOST_REQUIRE(set.ok());
  BOOST_TEST(set->queries.size() == 5u);
  BOOST_TEST(set->header_value("seed").value_or("") == "42");
  BOOST_TEST(!set->header_value("see").has_value());
  std::vector<std::string> types = {"or2", "and1", "and2+filter", "and2+sort"};
  BOOST_TEST(set->types() == types, boost::test_tools::per_element());
  std::vector<std::string> fields = {"length", "book", "verse"};
  BOOST_TEST(set->numeric_fields() == fields, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_bad_line_is_reported_with_its_line_number) {
  auto set = parse_query_set("# h\nand1\ta\nand1\ta b\n", "q.txt");
  BOOST_REQUIRE(!set.ok());
  BOOST_TEST(set.status().message().find("q.txt:3:") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(written_files_read_back_the_same) {
  TempDir dir;
  QuerySet set;
  set.header = {"seed=7"};
  set.queries.push_back(*parse_query("phrase3\ta b c"));
  const std::string path = dir.path() + "/q";
  BOOST_REQUIRE(write_query_set(path, set).ok());
  auto back = read_query_set(path);
  BOOST_REQUIRE(back.ok());
  BOOST_TEST(back->header == set.header, boost::test_tools::per_element());
  BOOST_TEST((back->queries == set.queries));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::perf
