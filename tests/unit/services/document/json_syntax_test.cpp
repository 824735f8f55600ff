#include "services/document/json_syntax.h"

#include <boost/test/unit_test.hpp>

#include <string>

namespace grove::document {

namespace {

std::string describe(std::string_view text) {
  auto e = find_json_syntax_error(text);
  if (!e) return "ok";
  return std::to_string(e->offset) + ": " + e->what;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_syntax)

BOOST_AUTO_TEST_CASE(well_formed_json_has_no_error) {
  BOOST_TEST(
      describe(R"( {"a": [1, -2.5e3, true, false, null, "x\u00e9\n", {}], "b": {"c": []}} )") ==
      "ok");
  BOOST_TEST(describe("0") == "ok");
  BOOST_TEST(describe("\"東京\"") == "ok");
}

BOOST_AUTO_TEST_CASE(the_first_error_is_located) {
  BOOST_TEST(describe(R"({"a": 1,})") == "8: expected a string key");
  BOOST_TEST(describe("[1 2]") == "3: expected ',' or ']'");
  BOOST_TEST(describe(R"({"a" 1})") == "5: expected ':' after the key");
  BOOST_TEST(describe("[01]") == "2: expected ',' or ']'");
  BOOST_TEST(describe("[1.]") == "3: invalid number: digits expected after '.'");
  BOOST_TEST(describe("[-]") == "2: invalid number");
  BOOST_TEST(describe("\"a\tb\"") == "2: control character in a string (escape it)");
  BOOST_TEST(describe(R"("\x")") == "2: invalid escape '\\x'");
  BOOST_TEST(describe(R"("\u12")") == "5: \\u needs four hex digits");
  BOOST_TEST(describe("\"abc") == "4: unterminated string");
  BOOST_TEST(describe("[18446744073709551616]") == "1: number out of range");
  BOOST_TEST(describe("[-9223372036854775809]") == "1: number out of range");
  BOOST_TEST(describe("[18446744073709551615, 1e-400]") == "ok");
  BOOST_TEST(describe("@") == "0: unexpected character '@', expected a value");
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_stack_overflow) {
  std::string deep(100000, '[');
  BOOST_TEST(describe(deep) == "1024: nesting deeper than 1024 levels");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::document
