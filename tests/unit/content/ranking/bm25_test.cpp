#include "content/ranking/bm25.h"

#include <boost/test/unit_test.hpp>

#include <cmath>

namespace grove::ranking {

BOOST_AUTO_TEST_SUITE(bm25)

BOOST_AUTO_TEST_CASE(idf_and_score_match_a_hand_computed_example) {
  // N = 3 documents, the term occurs in 2; average field length 3.
  const double idf = bm25_idf(3, 2);
  BOOST_TEST(idf == std::log(1.6), boost::test_tools::tolerance(1e-15));
  Bm25Scorer s(idf, 3.0);
  // tf 1, length 3: 2.2 / (1 + 1.2 * (0.25 + 0.75)) = 1.
  BOOST_TEST(s.score(1, 3) == idf, boost::test_tools::tolerance(1e-15));
  // tf 2, length 4: 4.4 / (2 + 1.2 * (0.25 + 1.0)) = 4.4 / 3.5.
  BOOST_TEST(s.score(2, 4) == idf * 4.4 / 3.5, boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(upper_bounds_cover_every_smaller_frequency_and_longer_field) {
  Bm25Scorer s(bm25_idf(1000, 17), 12.5, 2.0);
  const double bound = s.upper_bound(5, 3);
  for (uint32_t tf = 1; tf <= 5; ++tf) {
    for (uint32_t len = 3; len < 200; len += 7) BOOST_TEST(s.score(tf, len) <= bound);
  }
  BOOST_TEST(s.max_score() >= s.score(1000000, 1));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::ranking
