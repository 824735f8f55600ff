#include "services/distribution/partition_spec.h"

#include <boost/test/unit_test.hpp>

namespace grove::distribution {

namespace {

std::vector<uint16_t> expand(std::string_view spec, uint16_t redundancy) {
  auto parsed = PartitionSpec::parse(spec);
  BOOST_REQUIRE(parsed.ok());
  return parsed->expand(redundancy);
}

using V = std::vector<uint16_t>;

}  // namespace

BOOST_AUTO_TEST_SUITE(partition_spec)

BOOST_AUTO_TEST_CASE(small_redundancy_gives_one_copy_per_group) {
  BOOST_TEST(expand("1|1|*", 2) == V({1, 1}));
  BOOST_TEST(expand("2|*", 1) == V({1}));
}

BOOST_AUTO_TEST_CASE(extra_copies_go_to_numbers_first_then_asterisks) {
  BOOST_TEST(expand("1|*", 4) == V({3, 1}));
  BOOST_TEST(expand("2|*", 4) == V({2, 2}));
  BOOST_TEST(expand("1|1|1|*", 4) == V({1, 1, 1, 1}));
  BOOST_TEST(expand("3|3|*", 5) == V({2, 2, 1}));
  BOOST_TEST(expand("2|*|*", 7) == V({3, 2, 2}));
}

BOOST_AUTO_TEST_CASE(spec_without_asterisk_places_at_most_its_sum) {
  BOOST_TEST(expand("1|2", 5) == V({2, 1}));
}

BOOST_AUTO_TEST_CASE(prints_canonical_form) {
  BOOST_TEST(PartitionSpec::parse("2|1|*")->to_string() == "2|1|*");
  BOOST_TEST(PartitionSpec::parse("*")->asterisk_count() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_specs_name_the_token) {
  for (const char* bad : {"", "0|*", "256|*", "a|*", "1||*", "*|1", "1|*|", "-1|*", "1 |*"}) {
    auto spec = PartitionSpec::parse(bad);
    BOOST_TEST(!spec.ok(), bad);
  }
  BOOST_TEST(PartitionSpec::parse("*|1").status().message().find("must come last") != std::string::npos);
  BOOST_TEST(PartitionSpec::parse("1|x|*").status().message().find("token 2 \"x\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::distribution
