#include "perf/common/simple_tokenizer.h"

#include <boost/test/unit_test.hpp>

namespace grove::perf {

BOOST_AUTO_TEST_SUITE(simple_tokenizer)

std::vector<std::string> terms_of(SimpleTokenizer& tokenizer, std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenizer.tokenize(text)) out.emplace_back(tokenizer.term(t));
  return out;
}

BOOST_AUTO_TEST_CASE(splits_on_non_alphanumerics_and_lowercases) {
  SimpleTokenizer tokenizer;
  std::vector<std::string> expected = {"in", "the", "beginning", "god", "c12h25oh"};
  BOOST_TEST(terms_of(tokenizer, "In the Beginning, GOD (C12H25OH).") == expected,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(non_ascii_bytes_stay_inside_a_token_which_is_then_not_plain) {
  SimpleTokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize("caf\xc3\xa9 noir");
  BOOST_REQUIRE(tokens.size() == 2u);
  BOOST_TEST(tokenizer.term(tokens[0]) == "caf\xc3\xa9");
  BOOST_TEST(!tokens[0].plain);
  BOOST_TEST(tokens[1].plain);
}

BOOST_AUTO_TEST_CASE(digits_make_a_token_not_plain) {
  SimpleTokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize("abc 12 a1");
  BOOST_TEST(tokens[0].plain);
  BOOST_TEST(!tokens[1].plain);
  BOOST_TEST(!tokens[2].plain);
}

BOOST_AUTO_TEST_CASE(whitespace_and_plain_punctuation_are_safe_separators) {
  SimpleTokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize("one, two;\n  three. Four");
  BOOST_REQUIRE(tokens.size() == 4u);
  for (const Token& t : tokens) {
    BOOST_TEST(t.safe_before);
    BOOST_TEST(t.safe_after);
  }
}

BOOST_AUTO_TEST_CASE(apostrophes_dots_and_hyphens_inside_words_are_not_safe) {
  SimpleTokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize("father's u.s well-known end");
  BOOST_REQUIRE(tokens.size() == 7u);
  BOOST_TEST(tokens[0].safe_before);
  BOOST_TEST(!tokens[0].safe_after);  // father|'s
  BOOST_TEST(!tokens[1].safe_before);
  BOOST_TEST(tokens[1].safe_after);
  BOOST_TEST(!tokens[2].safe_after);  // u|.s
  BOOST_TEST(!tokens[4].safe_after);  // well|-known
  BOOST_TEST(tokens[6].safe_before);
  BOOST_TEST(tokens[6].safe_after);
}

BOOST_AUTO_TEST_CASE(an_apostrophe_at_the_start_of_the_text_is_not_safe) {
  SimpleTokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize("'tis");
  BOOST_REQUIRE(tokens.size() == 1u);
  BOOST_TEST(!tokens[0].safe_before);
  BOOST_TEST(tokens[0].safe_after);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::perf
