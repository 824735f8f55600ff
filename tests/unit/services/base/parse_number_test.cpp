#include "services/base/parse_number.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>

namespace grove {

BOOST_AUTO_TEST_SUITE(parse_number_suite)

BOOST_AUTO_TEST_CASE(whole_string_must_be_the_number) {
  uint16_t v = 0;
  BOOST_TEST(parse_number(std::string_view("8080"), v));
  BOOST_TEST(v == 8080);
  BOOST_TEST(!parse_number(std::string_view(""), v));
  BOOST_TEST(!parse_number(std::string_view("80x"), v));
  BOOST_TEST(!parse_number(std::string_view(" 80"), v));
  BOOST_TEST(!parse_number(std::string_view("-1"), v));
  BOOST_TEST(!parse_number(std::string_view("70000"), v));
}

BOOST_AUTO_TEST_CASE(hex_and_doubles_parse) {
  uint64_t h = 0;
  BOOST_TEST(parse_number(std::string_view("ff"), h, 16));
  BOOST_TEST(h == 255u);
  double d = 0;
  BOOST_TEST(parse_double("2.5e1", d));
  BOOST_TEST(d == 25.0);
  BOOST_TEST(!parse_double("2.5x", d));
  BOOST_TEST(!parse_double("", d));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove
