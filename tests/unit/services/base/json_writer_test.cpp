#include "services/base/json_writer.h"

#include <boost/test/unit_test.hpp>

#include <limits>

namespace grove {

BOOST_AUTO_TEST_SUITE(json_writer)

BOOST_AUTO_TEST_CASE(nested_values_get_commas_and_colons) {
  JsonWriter w;
  w.begin_object();
  w.key("a").number(1);
  w.key("b").begin_array().number(2.5).boolean(true).null().string("x").end_array();
  w.key("c").begin_object().end_object();
  w.end_object();
  BOOST_TEST(w.str() == R"({"a":1,"b":[2.5,true,null,"x"],"c":{}})");
}

BOOST_AUTO_TEST_CASE(strings_are_escaped) {
  JsonWriter w;
  w.string("q\"b\\n\nt\t\x01");
  BOOST_TEST(w.str() == R"("q\"b\\n\nt\t\u0001")");
}

BOOST_AUTO_TEST_CASE(non_finite_numbers_become_null) {
  JsonWriter w;
  w.begin_array().number(std::numeric_limits<double>::infinity()).end_array();
  BOOST_TEST(w.str() == "[null]");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove
