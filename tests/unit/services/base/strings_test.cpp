#include "services/base/strings.h"

#include <boost/test/unit_test.hpp>

#include <string>

namespace grove {

BOOST_AUTO_TEST_SUITE(strings)

BOOST_AUTO_TEST_CASE(trim_removes_whitespace_at_both_ends_only) {
  BOOST_TEST(trim("  a b \t\r\n") == "a b");
  BOOST_TEST(trim("\v\fx") == "x");
  BOOST_TEST(trim("x") == "x");
}

BOOST_AUTO_TEST_CASE(trim_of_blank_text_is_empty) {
  BOOST_TEST(trim("").empty());
  BOOST_TEST(trim(" \t\n ").empty());
}

BOOST_AUTO_TEST_CASE(trim_returns_a_view_into_its_argument) {
  std::string text = "  word  ";
  std::string_view trimmed = trim(text);
  BOOST_TEST(trimmed.data() == text.data() + 2);
  BOOST_TEST(trimmed.size() == 4u);
}

BOOST_AUTO_TEST_CASE(non_ascii_bytes_are_not_whitespace) {
  BOOST_TEST(trim("\xc2\xa0x\xc2\xa0") == "\xc2\xa0x\xc2\xa0");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove
