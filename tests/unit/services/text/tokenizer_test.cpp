#include "services/text/tokenizer.h"

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

#include "services/text/utf8.h"

namespace grove::text {

namespace {

std::vector<std::string> terms(std::string_view text, Stemming stemming = Stemming::kNone) {
  Tokenizer tokenizer;
  std::vector<std::string> out;
  for (const Token& t : tokenizer.tokenize(text, stemming)) out.emplace_back(t.term);
  return out;
}

using Terms = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(tokenizer)

BOOST_AUTO_TEST_CASE(ascii_words_are_split_on_spaces_and_punctuation) {
  BOOST_TEST(terms("Hello, world! It's a dog-eat-dog world.") ==
                 (Terms{"hello", "world", "it", "s", "a", "dog", "eat", "dog", "world"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(numbers_are_tokens_and_mixed_runs_stay_together) {
  BOOST_TEST(terms("year 2024: mp3 players cost $19.99") ==
                 (Terms{"year", "2024", "mp3", "players", "cost", "19", "99"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(mixed_case_is_folded) {
  BOOST_TEST(terms("HeLLo WORLD") == (Terms{"hello", "world"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(accented_letters_are_folded_but_keep_their_accents) {
  BOOST_TEST(terms("Ångström ÉCOLE Café") == (Terms{"ångström", "école", "café"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(combining_marks_stay_with_their_letter_and_compose) {
  // "e" + COMBINING ACUTE ACCENT composes to "é" (NFC part of NFKC).
  BOOST_TEST(terms("cafe\xcc\x81 au lait") == (Terms{"café", "au", "lait"}),
             boost::test_tools::per_element());
  // A mark that follows no letter is dropped like a separator.
  BOOST_TEST(terms("a \xcc\x81 b") == (Terms{"a", "b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nfkc_maps_fullwidth_and_ligatures) {
  BOOST_TEST(terms("ＡＢＣ ﬁne １２３") == (Terms{"abc", "fine", "123"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(german_sharp_s_folds_to_ss) {
  BOOST_TEST(terms("Straße STRASSE") == (Terms{"strasse", "strasse"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cjk_text_is_split_into_single_characters_with_positions) {
  Tokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize("東京タワー", Stemming::kBest);
  std::vector<std::string> expected = {"東", "京", "タ", "ワ", "ー"};
  BOOST_REQUIRE_EQUAL(tokens.size(), expected.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    BOOST_TEST(tokens[i].term == expected[i]);
    BOOST_TEST(tokens[i].position == i);
  }
}

BOOST_AUTO_TEST_CASE(cjk_next_to_latin_and_digits_splits_at_the_script_change) {
  BOOST_TEST(terms("2024年Tokyo東京") == (Terms{"2024", "年", "tokyo", "東", "京"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(hangul_syllables_are_single_tokens) {
  BOOST_TEST(terms("한국어 검색") == (Terms{"한", "국", "어", "검", "색"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(half_width_katakana_is_normalized_to_full_width) {
  BOOST_TEST(terms("ﾀﾜｰ") == (Terms{"タ", "ワ", "ー"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(thai_characters_keep_their_marks) {
  // กิน: KO KAI + SARA I (a combining mark) + NO NU.
  BOOST_TEST(terms("กิน") == (Terms{"กิ", "น"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stemming_uses_snowball_english) {
  BOOST_TEST(
      terms("running dictionaries Cats", Stemming::kBest) == (Terms{"run", "dictionari", "cat"}),
      boost::test_tools::per_element());
  BOOST_TEST(terms("running dictionaries", Stemming::kNone) == (Terms{"running", "dictionaries"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_separates_and_never_appears_in_terms) {
  // A lone continuation byte, a truncated sequence, an overlong '/' and an encoded surrogate.
  std::string text =
      "ab\x80"
      "cd \xe6\x9d"
      "ef \xc0\xaf"
      "gh\xed\xa0\x80"
      "ij\xff";
  BOOST_TEST(terms(text) == (Terms{"ab", "cd", "ef", "gh", "ij"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(empty_and_separator_only_input_gives_no_tokens) {
  Tokenizer tokenizer;
  BOOST_TEST(tokenizer.tokenize("", Stemming::kBest).empty());
  BOOST_TEST(tokenizer.tokenize(" ,.;!? \t\n", Stemming::kBest).empty());
  BOOST_TEST(tokenizer.tokenize(std::string_view("\0\0", 2), Stemming::kNone).empty());
}

BOOST_AUTO_TEST_CASE(positions_are_consecutive) {
  Tokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize("one, two... 三 four!!five", Stemming::kNone);
  BOOST_REQUIRE_EQUAL(tokens.size(), 5u);
  for (size_t i = 0; i < tokens.size(); ++i) BOOST_TEST(tokens[i].position == i);
}

BOOST_AUTO_TEST_CASE(very_long_input_is_tokenized_completely) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += (i % 3 == 0) ? "Läufer " : "running ";
  Tokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize(text, Stemming::kBest);
  BOOST_REQUIRE_EQUAL(tokens.size(), 200000u);
  BOOST_TEST(tokens.front().term == "läufer");
  BOOST_TEST(tokens[1].term == "run");
  BOOST_TEST(tokens.back().position == 199999u);
}

BOOST_AUTO_TEST_CASE(overlong_token_is_dropped_but_keeps_its_position) {
  std::string text = "before " + std::string(Tokenizer::kMaxTokenBytes + 1, 'x') + " after";
  Tokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize(text, Stemming::kNone);
  BOOST_REQUIRE_EQUAL(tokens.size(), 2u);
  BOOST_TEST(tokens[0].term == "before");
  BOOST_TEST(tokens[1].term == "after");
  BOOST_TEST(tokens[1].position == 2u);
}

BOOST_AUTO_TEST_CASE(tokens_stay_valid_until_the_next_call_even_when_stems_grow) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "connections ";
  Tokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize(text, Stemming::kBest);
  BOOST_REQUIRE_EQUAL(tokens.size(), 1000u);
  for (const Token& t : tokens) BOOST_TEST(t.term == "connect");
}

BOOST_AUTO_TEST_CASE(a_reused_tokenizer_gives_the_same_answer) {
  Tokenizer tokenizer;
  std::vector<std::string> first;
  for (const Token& t : tokenizer.tokenize("Köln Café 東京", Stemming::kBest)) {
    first.emplace_back(t.term);
  }
  tokenizer.tokenize("something else entirely", Stemming::kNone);
  std::vector<std::string> second;
  for (const Token& t : tokenizer.tokenize("Köln Café 東京", Stemming::kBest)) {
    second.emplace_back(t.term);
  }
  BOOST_TEST(first == second, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(random_bytes_give_valid_utf8_terms_and_consecutive_positions) {
  std::mt19937 rng(3);
  Tokenizer tokenizer;
  for (int round = 0; round < 3000; ++round) {
    std::string text(rng() % 64, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 4 == 0 ? 'a' + rng() % 26 : rng());
    const auto& tokens = tokenizer.tokenize(text, round % 2 ? Stemming::kBest : Stemming::kNone);
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::string checked;
      BOOST_TEST_REQUIRE(append_sanitized_utf8(tokens[i].term, checked));
      BOOST_TEST_REQUIRE(!tokens[i].term.empty());
      BOOST_TEST_REQUIRE(tokens[i].position == i);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::text
