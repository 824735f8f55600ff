#include "services/text/normalizer.h"

#include <utf8proc.h>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <random>
#include <string>

#include "services/text/utf8.h"

namespace grove::text {

namespace {

// utf8proc's own NFKC_Casefold, the reference for the ASCII fast path.
std::string reference(const std::string& text) {
  utf8proc_uint8_t* out =
      utf8proc_NFKC_Casefold(reinterpret_cast<const utf8proc_uint8_t*>(text.c_str()));
  BOOST_REQUIRE(out != nullptr);
  std::string result(reinterpret_cast<char*>(out));
  std::free(out);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(normalizer)

BOOST_AUTO_TEST_CASE(whole_string_is_folded_and_kept_in_one_piece) {
  BOOST_TEST(normalize("Hello, World!") == "hello, world!");
  BOOST_TEST(normalize("Ångström") == "ångström");
  BOOST_TEST(normalize("ＡＢＣ") == "abc");
  BOOST_TEST(normalize("ﬁ") == "fi");
  BOOST_TEST(normalize("Straße") == "strasse");
  BOOST_TEST(normalize("") == "");
}

BOOST_AUTO_TEST_CASE(default_ignorable_characters_are_removed) {
  BOOST_TEST(normalize("co\xc2\xadoperate") == "cooperate");      // soft hyphen
  BOOST_TEST(normalize("zero\xe2\x80\x8bwidth") == "zerowidth");  // zero-width space
}

BOOST_AUTO_TEST_CASE(combining_mark_after_ascii_composes) {
  BOOST_TEST(normalize("E\xcc\x81t\xc3\xa9") == "été");
  BOOST_TEST(normalize("<\xcc\xb8") == "\xe2\x89\xae");  // '<' + COMBINING LONG SOLIDUS -> "≮"
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_replaced_by_u_fffd) {
  BOOST_TEST(normalize("a\x80z") == "a\xef\xbf\xbdz");
  BOOST_TEST(normalize("A\xe6\x9d") == "a\xef\xbf\xbd");  // truncated at the end
  BOOST_TEST(normalize("\xf0\x80\x80\x80") ==             // overlong: four maximal subparts
             "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  BOOST_TEST(normalize("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
}

BOOST_AUTO_TEST_CASE(fast_path_matches_utf8proc_on_mixed_text) {
  const char* pieces[] = {"a",
                          "B",
                          " ",
                          "Z",
                          "e",
                          "\xcc\x81",
                          "\xcc\xa3",
                          "\xc3\x85",
                          "\xc3\x9f",
                          "\xef\xac\x81",
                          "\xef\xbc\xa1",
                          "\xe6\x9d\xb1",
                          "\xea\xb0\x80",
                          "\xe1\x84\x80",
                          "\xe1\x85\xa1",
                          "\xe1\x86\xa8",
                          "\xc2\xad",
                          "<",
                          "\xcc\xb8",
                          "\xcd\x84",
                          "K",
                          "\xe2\x84\xaa",
                          "1",
                          "\xd9\xa3",
                          "."};
  std::mt19937 rng(42);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  Normalizer normalizer;
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (int i = 0; i < 12; ++i) text += pieces[pick(rng)];
    BOOST_TEST_REQUIRE(std::string(normalizer.normalize(text)) == reference(text), text);
  }
}

BOOST_AUTO_TEST_CASE(sanitizer_keeps_valid_text_unchanged) {
  std::string out;
  BOOST_TEST(append_sanitized_utf8("plain ascii, Ünïcödé, 東京, \xf0\x9f\x98\x80", out));
  BOOST_TEST(out == "plain ascii, Ünïcödé, 東京, \xf0\x9f\x98\x80");
  out.clear();
  BOOST_TEST(!append_sanitized_utf8("\xf4\x90\x80\x80", out));  // above U+10FFFF
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::text
