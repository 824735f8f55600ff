#include "container/query/simple_query_parser.h"

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

namespace grove::query {

namespace {

struct SimpleCase {
  std::string text;
  std::string expected;  // QueryItem::to_string(), or "ERROR <status>"
};

std::string parsed(const std::string& text, const SimpleQueryOptions& options) {
  Result<QueryItem> item = parse_simple_query(text, options);
  return item.ok() ? item->to_string() : "ERROR " + item.status().to_string();
}

void check(const std::vector<SimpleCase>& cases, const SimpleQueryOptions& options) {
  for (const SimpleCase& c : cases) {
    BOOST_TEST_CONTEXT(c.text) { BOOST_TEST(parsed(c.text, options) == c.expected); }
  }
}

SimpleQueryOptions of_type(QueryType type) {
  SimpleQueryOptions options;
  options.type = type;
  return options;
}

const std::string kEmpty = "ERROR NotFound: No query: the query is empty";

}  // namespace

BOOST_AUTO_TEST_SUITE(simple_query_parser)

BOOST_AUTO_TEST_CASE(type_all_ands_the_terms) {
  check({
            {"fox", "fox"},
            {"quick fox", "AND(quick, fox)"},
            {"  quick   brown\tfox ", "AND(quick, brown, fox)"},
            {"\"quick brown\" fox", "AND(phrase(quick, brown), fox)"},
            {"\"fox\"", "fox"},
            {"+quick fox", "AND(quick, fox)"},
            {"quick -fox", "ANDNOT(quick, fox)"},
            {"quick -fox -\"lazy dog\"", "ANDNOT(quick, fox, phrase(lazy, dog))"},
            {"-fox", "ANDNOT(TRUE, fox)"},
            {"title:fox", "title:fox"},
            {"title:\"quick fox\" dog", "AND(title:phrase(quick, fox), dog)"},
            {"-title:fox dog", "ANDNOT(dog, title:fox)"},
            {"+title:fox", "title:fox"},
            {"my.field:x", "my.field:x"},
            {"fox!", "fox!150"},
            {"fox!!", "fox!200"},
            {"fox!300 dog", "AND(fox!300, dog)"},
            {"e-mail", "e-mail"},
            {"fox, dog.", "AND(fox, dog)"},
            {"(fox dog)", "AND(fox, dog)"},
            {"\xC2\xAB\xC3\xA9t\xC3\xA9\xC2\xBB", "\xC3\xA9t\xC3\xA9"},
            {"\xE6\x97\xA5\xE6\x9C\xAC", "\xE6\x97\xA5\xE6\x9C\xAC"},
            {"\"unterminated phrase", "phrase(unterminated, phrase)"},
            {"a\"b c\"", "AND(a, phrase(b, c))"},
            {"title: fox", "AND(title, fox)"},
            {"title:", "title"},
            {"- fox", "fox"},
            {"fox +", "fox"},
            {"", kEmpty},
            {"   ", kEmpty},
            {"!!! ... -- \"\"", kEmpty},
        },
        of_type(QueryType::kAll));
}

BOOST_AUTO_TEST_CASE(type_any_ors_the_terms_and_requires_the_plus_terms) {
  check({
            {"fox", "fox"},
            {"quick fox", "OR(quick, fox)"},
            {"+quick fox dog", "AND(OR(fox, dog), quick)"},
            {"+quick +brown fox", "AND(fox, quick, brown)"},
            {"+quick", "quick"},
            {"quick fox -dog", "ANDNOT(OR(quick, fox), dog)"},
            {"-dog", "ANDNOT(TRUE, dog)"},
            {"title:\"a b\" c", "OR(title:phrase(a, b), c)"},
            {"+fox \"brown dog\" -cat", "ANDNOT(AND(phrase(brown, dog), fox), cat)"},
        },
        of_type(QueryType::kAny));
}

BOOST_AUTO_TEST_CASE(type_weak_and_puts_the_terms_in_a_weak_and) {
  check({
            {"fox", "fox"},
            {"quick fox", "WEAKAND[100](quick, fox)"},
            {"+quick fox dog", "AND(WEAKAND[100](fox, dog), quick)"},
            {"quick fox -dog", "ANDNOT(WEAKAND[100](quick, fox), dog)"},
        },
        of_type(QueryType::kWeakAnd));
  SimpleQueryOptions options = of_type(QueryType::kWeakAnd);
  options.target_hits = 10;
  check({{"quick fox", "WEAKAND[10](quick, fox)"}}, options);
}

BOOST_AUTO_TEST_CASE(type_phrase_makes_the_whole_text_one_phrase) {
  check({
            {"quick brown fox", "phrase(quick, brown, fox)"},
            {"\"quick brown\" +fox -dog!", "phrase(quick, brown, fox, dog)"},
            {"fox", "fox"},
            {" ... ", kEmpty},
        },
        of_type(QueryType::kPhrase));
  SimpleQueryOptions options = of_type(QueryType::kPhrase);
  options.default_index = "title";
  check({{"quick fox", "title:phrase(quick, fox)"}}, options);
}

BOOST_AUTO_TEST_CASE(default_index_is_the_field_of_terms_without_one) {
  SimpleQueryOptions options;
  options.default_index = "title";
  check({
            {"quick fox", "AND(title:quick, title:fox)"},
            {"artist:bach fugue", "AND(artist:bach, title:fugue)"},
            {"\"a b\"", "title:phrase(a, b)"},
        },
        options);
}

BOOST_AUTO_TEST_CASE(known_fields_decide_whether_a_colon_names_a_field) {
  const std::unordered_set<std::string> known = {"title", "artist"};
  SimpleQueryOptions options;
  options.known_fields = &known;
  check({
            {"title:fox", "title:fox"},
            {"re:hello", "\"re:hello\""},
            {"http://example.com", "\"http://example.com\""},
        },
        options);
  check({{"re:hello", "re:hello"}}, SimpleQueryOptions());
}

BOOST_AUTO_TEST_CASE(model_type_names_parse_ignoring_case) {
  BOOST_TEST((*parse_query_type("all") == QueryType::kAll));
  BOOST_TEST((*parse_query_type("ANY") == QueryType::kAny));
  BOOST_TEST((*parse_query_type("weakand") == QueryType::kWeakAnd));
  BOOST_TEST((*parse_query_type("Phrase") == QueryType::kPhrase));
  Result<QueryType> bad = parse_query_type("web");
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.status().message() ==
             "model.type 'web' is not supported: use all, any, weakAnd or phrase");
}

BOOST_AUTO_TEST_CASE(too_many_terms_are_refused) {
  std::string text;
  for (int i = 0; i < 10001; ++i) text += "t ";
  Result<QueryItem> item = parse_simple_query(text, SimpleQueryOptions());
  BOOST_REQUIRE(!item.ok());
  BOOST_TEST((item.status().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_CASE(random_text_always_parses_or_is_a_null_query) {
  const std::string alphabet = "ab +-\"!:.,()0\xC3\xA9\xE6\x97\xA5\xFF\x80\t";
  std::mt19937 random(11);
  for (QueryType type : {QueryType::kAll, QueryType::kAny, QueryType::kWeakAnd, QueryType::kPhrase}) {
    size_t unexpected = 0;
    for (int round = 0; round < 5000; ++round) {
      std::string text;
      const size_t n = random() % 30;
      for (size_t i = 0; i < n; ++i) text += alphabet[random() % alphabet.size()];
      Result<QueryItem> item = parse_simple_query(text, of_type(type));
      if (item.ok() || item.status().code() == StatusCode::kNotFound) continue;
      ++unexpected;
      BOOST_TEST(item.status().to_string() == "a clean answer for: " + text);
    }
    BOOST_TEST(unexpected == 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::query
