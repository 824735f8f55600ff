// Every YQL syntax error, with its position, and truncated or mutated queries that must fail
// cleanly instead of crashing.

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

#include "container/query/yql_parser.h"

namespace grove::query {

namespace {

const std::string P = "select * from sources * where ";  // 30 characters

struct ErrorCase {
  std::string yql;
  std::string message;  // after "Could not parse query: "
};

std::string error_of(const std::string& yql) {
  static const std::map<std::string, std::string, std::less<>> kParams = {{"q", "x"}};
  YqlContext context;
  context.user_query = "fox";
  context.parameters = &kParams;
  Result<Query> q = parse_yql(yql, context);
  if (q.ok()) return "OK " + q->to_string();
  const std::string prefix = "Could not parse query: ";
  const std::string& m = q.status().message();
  return m.starts_with(prefix) ? m.substr(prefix.size()) : "UNPREFIXED " + m;
}

// Valid queries; the fuzz tests cut and mutate them.
const std::vector<std::string> kValid = {
    "select * from sources * where title contains \"fox\"",
    "select title, artist from music where title contains phrase(\"a\", \"b\") and !year > 5",
    "select * from sources music where ({targetHits: 10}weakAnd(a contains 'x', b contains "
    "({weight: 200}\"y\"))) order by year desc, title limit 15 offset 5 timeout 100;",
    "select * from sources * where ({bounds: \"leftOpen\"}range(year, -Infinity, 2000.5)) or "
    "(userQuery() and userInput(@q)) and 5 <= popularity",
    "select * from sources * where {defaultIndex: 'title', grammar: \"any\"}userInput(\"a b\")",
    "select * from sources * where weakAnd({targetHits: 7}, title contains \"\\u00e9t\\u00e9\")",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(yql_errors)

BOOST_AUTO_TEST_CASE(every_syntax_error_gives_its_position_and_what_was_expected) {
  const std::vector<ErrorCase> cases = {
      {"", "at position 1: expected 'select'"},
      {"find * from music where true", "at position 1: expected 'select'"},
      {"select", "at position 7: expected '*' or a field name after 'select'"},
      {"select * sources", "at position 10: expected 'from' after '*'"},
      {"select title sources", "at position 14: expected ',' or 'from' after 'title'"},
      {"select title, from music where true",
       "at position 15: expected '*' or a field name after ','"},
      {"select * from where true", "at position 15: expected 'sources' or a document type after 'from'"},
      {"select * from sources where true",
       "at position 23: expected '*' or a source name after 'sources'"},
      {"select * from sources * true", "at position 25: expected 'where' after '*'"},
      {"select * from music true", "at position 21: expected ',' or 'where' after 'music'"},
      {"select * from sources * where", "at position 30: expected an expression after 'where'"},
      {P + "title", "at position 36: expected 'contains' or a comparison after 'title'"},
      {"select * from music where title \"x\"",
       "at position 33: expected 'contains' or a comparison after 'title'"},
      {P + "title foo \"x\"", "at position 37: expected 'contains' or a comparison after 'title'"},
      {P + "title contains", "at position 45: expected a string or phrase(...) after 'contains'"},
      {P + "title contains 5", "at position 46: expected a string or phrase(...) after 'contains'"},
      {P + "title contains \"fox\" and", "at position 55: expected an expression after 'and'"},
      {P + "title contains \"fox\" or or", "at position 55: expected an expression after 'or'"},
      {P + "title contains \"fox\" garbage",
       "at position 52: expected 'and', 'or', 'order by', 'limit', 'offset', 'timeout', ';' or "
       "the end of the query after \"fox\""},
      {P + "title contains \"fox\")",
       "at position 51: expected 'and', 'or', 'order by', 'limit', 'offset', 'timeout', ';' or "
       "the end of the query after \"fox\""},
      {P + "true limit 5 title",
       "at position 44: expected 'order by', 'offset', 'timeout', ';' or the end of the query "
       "after '5'"},
      {P + "true;;", "at position 36: expected the end of the query after ';'"},
      {P + "(title contains \"fox\"", "at position 52: expected 'and', 'or' or ')' after \"fox\""},
      {P + "()", "at position 32: expected an expression after '('"},
      {P + "title contains \"fox", "at position 46: unterminated string"},
      {P + "title contains \"a\\qb\"", "at position 48: unknown escape '\\q' in a string"},
      {P + "title contains \"\\u12\"", "at position 47: expected four hex digits after '\\u'"},
      {P + "title contains \"a\" # b", "at position 50: unexpected character '#'"},
      {P + "title contains \"a\" && b", "at position 50: unexpected character '&'"},
      {P + "title contains \"a\" \x01", "at position 50: unexpected character U+0001"},
      {P + "t\xC3\xADtle contains \"a\"", "at position 32: unexpected character '\xC3\xAD' (U+00ED)"},
      {P + "title contains \"\"", "at position 46: a term must not be empty"},
      {P + "title contains phrase()", "at position 53: expected a string after '('"},
      {P + "title contains phrase(\"a\" \"b\")", "at position 57: expected ',' or ')' after \"a\""},
      {P + "foo(title)",
       "at position 31: unknown function 'foo'; supported functions: userQuery, userInput, "
       "range, weakAnd"},
      {P + "nearestNeighbor(embedding, q)",
       "at position 31: function 'nearestNeighbor' is not supported; supported functions: "
       "userQuery, userInput, range, weakAnd"},
      {P + "phrase(\"a\", \"b\")",
       "at position 31: phrase(...) must follow 'contains', as in title contains phrase(\"a\", "
       "\"b\")"},
      {P + "title contains near(\"a\", \"b\")",
       "at position 46: 'near(...)' is not supported after 'contains'; use a string or "
       "phrase(...)"},
      {P + "title matches \"x\"",
       "at position 37: operator 'matches' is not supported; expected 'contains' or a "
       "comparison after 'title'"},
      {P + "year != 5", "at position 36: '!=' is not supported; write !(year = ...)"},
      {P + "year > \"x\"", "at position 38: expected a number after '>'"},
      {P + "year > -", "at position 39: expected a number after '-'"},
      {P + "5 year", "at position 33: expected a comparison (<, <=, >, >=, =) after '5'"},
      {P + "5 < 6", "at position 35: expected a field name after '<'"},
      {P + "not title contains \"x\"",
       "at position 31: 'not' is not YQL; negate with '!', as in !(title contains \"a\")"},
      {P + "title contains ({stem: false}\"x\")",
       "at position 48: annotation 'stem' is not supported on a term; supported: weight"},
      {P + "title contains ({weight: 1.5}\"x\")",
       "at position 56: annotation 'weight' must be a whole number from 0 to 2147483647"},
      {P + "title contains ({weight: -1}\"x\")",
       "at position 57: annotation 'weight' must be a whole number from 0 to 2147483647"},
      {P + "title contains ({weight: 1, weight: 2}\"x\")",
       "at position 59: annotation 'weight' is given twice"},
      {P + "title contains ({weight 1}\"x\")", "at position 55: expected ':' after 'weight'"},
      {P + "title contains ({weight: [1]}\"x\")",
       "at position 56: expected a number, a string, true or false after ':'"},
      {P + "title contains ({weight: 2}\"x\"", "at position 61: expected ')' after \"x\""},
      {P + "title contains {}{}\"x\"",
       "at position 48: expected a string or phrase(...) after '}'"},
      {P + "{weight: 2}title contains \"x\"",
       "at position 42: expected a function such as weakAnd(...) or range(...) after '}'"},
      {P + "{targetHits: 2}userQuery()",
       "at position 32: annotation 'targetHits' is not supported on userQuery(); supported: none"},
      {P + "userQuery(1)", "at position 41: userQuery() takes no arguments"},
      {P + "userInput(@missing)", "at position 41: the request has no parameter 'missing'"},
      {P + "userInput()", "at position 41: expected a string or @parameter after '('"},
      {P + "{grammar: \"web\"}userInput(\"x\")",
       "at position 41: model.type 'web' is not supported: use all, any, weakAnd or phrase"},
      {P + "range(year, 1)", "at position 44: expected ',' after '1'"},
      {P + "range(\"year\", 1, 2)", "at position 37: expected a field name after '('"},
      {P + "{bounds: \"half\"}range(year, 1, 2)",
       "at position 40: bounds must be \"open\", \"leftOpen\", \"rightOpen\" or \"closed\""},
      {P + "{targetHits: 0}weakAnd(a contains \"x\")",
       "at position 44: annotation 'targetHits' must be a whole number from 1 to 2147483647"},
      {P + "weakAnd()", "at position 39: expected an expression after '('"},
      {P + "weakAnd(a contains \"x\",)", "at position 54: expected an expression after ','"},
      {P + "true limit -1",
       "at position 42: expected a whole number from 0 to 2147483647 after 'limit'"},
      {P + "true limit 1.5",
       "at position 42: expected a whole number from 0 to 2147483647 after 'limit'"},
      {P + "true limit 99999999999",
       "at position 42: expected a whole number from 0 to 2147483647 after 'limit'"},
      {P + "true limit 5 offset 10",
       "at position 36: limit 5 is less than offset 10: limit is the end position, so hits = "
       "limit - offset"},
      {P + "true limit 5 limit 6", "at position 44: 'limit' is given twice"},
      {P + "true order year", "at position 42: expected 'by' after 'order'"},
      {P + "true order by", "at position 44: expected an attribute name after 'by'"},
      {P + "true order by [{function: \"uca\"}]title",
       "at position 45: sort functions and annotations are not supported"},
      {P + "true order by year desc,", "at position 55: expected an attribute name after ','"},
      {P + "true timeout", "at position 43: expected a whole number from 0 to 2147483647 after "
                           "'timeout'"},
  };
  for (const ErrorCase& c : cases) {
    BOOST_TEST_CONTEXT(c.yql) { BOOST_TEST(error_of(c.yql) == c.message); }
  }
}

BOOST_AUTO_TEST_CASE(positions_count_characters_not_bytes) {
  // "été" is 3 characters and 5 bytes.
  BOOST_TEST(error_of(P + "title contains \"\xC3\xA9t\xC3\xA9\" garbage") ==
             "at position 52: expected 'and', 'or', 'order by', 'limit', 'offset', 'timeout', ';' "
             "or the end of the query after \"\xC3\xA9t\xC3\xA9\"");
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_stack_overflow) {
  const std::string deep = std::string(5000, '(') + "a contains \"x\"" + std::string(5000, ')');
  BOOST_TEST(error_of(P + deep).find("nests more than 100 levels deep") != std::string::npos);
  const std::string nots = std::string(5000, '!') + "a contains \"x\"";
  BOOST_TEST(error_of(P + nots).find("nests more than 100 levels deep") != std::string::npos);
  const std::string ok = std::string(50, '(') + "a contains \"x\"" + std::string(50, ')');
  BOOST_TEST(error_of(P + ok) == "OK select * from sources * where a:x");
}

BOOST_AUTO_TEST_CASE(a_query_with_too_many_items_is_refused) {
  std::string where = "a contains \"x\"";
  for (int i = 0; i < 10000; ++i) where += " or a contains \"x\"";
  BOOST_TEST(error_of(P + where).find("more than the limit of 10000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(truncated_queries_fail_cleanly_at_a_position_within_the_text) {
  for (const std::string& valid : kValid) {
    BOOST_TEST_CONTEXT(valid) { BOOST_TEST(error_of(valid).starts_with("OK ")); }
    for (size_t cut = 0; cut < valid.size(); ++cut) {
      const std::string text = valid.substr(0, cut);
      const std::string e = error_of(text);
      if (e.starts_with("OK ")) continue;  // some prefixes are complete queries
      BOOST_TEST_CONTEXT(text) {
        BOOST_TEST(e.starts_with("at position "));
        const size_t position = std::stoul(e.substr(12));
        BOOST_TEST(position >= 1u);
        BOOST_TEST(position <= text.size() + 1);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(randomly_mutated_queries_never_crash) {
  std::mt19937 random(20240607);  // fixed seed: the same cases every run
  const std::string alphabet = "(){},;:*!<>=-+@[]\"'\\ aoxy059.\xC3\xA9\x01";
  size_t parsed = 0;
  size_t unclean = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = kValid[random() % kValid.size()];
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t at = random() % text.size();
      switch (random() % 3) {
        case 0: text.erase(at, 1 + random() % 5); break;
        case 1: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
        default: text[at] = alphabet[random() % alphabet.size()]; break;
      }
    }
    const std::string e = error_of(text);
    parsed += e.starts_with("OK ") ? 1 : 0;
    const bool clean = e.starts_with("OK ") || e.starts_with("at position ") ||
                       e.starts_with("UNPREFIXED No query");
    if (!clean) {
      ++unclean;
      BOOST_TEST(e == "a clean answer for: " + text);
    }
  }
  BOOST_TEST(unclean == 0u);
  BOOST_TEST_MESSAGE("mutated queries that still parsed: " << parsed << " of 20000");
}

BOOST_AUTO_TEST_CASE(random_token_sequences_never_crash) {
  const std::vector<std::string> tokens = {
      "select", "*", "from", "sources", "where", "music", "title", "contains", "\"a\"", "'b'",
      "and", "or", "!", "(", ")", ",", ";", "{", "}", ":", "weight", "targetHits", "bounds",
      "phrase", "range", "weakAnd", "userQuery", "userInput", "@q", "true", "false", "<", "<=",
      ">", ">=", "=", "-", "5", "2.5", "Infinity", "order", "by", "desc", "limit", "offset",
      "timeout", "year", "\"open\"", "[", "]", "!=", "matches", "nearestNeighbor", "@"};
  std::mt19937 random(7);
  size_t unclean = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = round % 2 == 0 ? P : "";
    const size_t n = 1 + random() % 25;
    for (size_t i = 0; i < n; ++i) text += tokens[random() % tokens.size()] + " ";
    const std::string e = error_of(text);
    if (e.starts_with("OK ") || e.starts_with("at position ")) continue;
    ++unclean;
    BOOST_TEST(e == "a clean answer for: " + text);
  }
  BOOST_TEST(unclean == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::query
