#include "container/feed/aimd_throttle.h"

#include <boost/test/unit_test.hpp>

namespace grove::feed {

BOOST_AUTO_TEST_SUITE(aimd_throttle)

BOOST_AUTO_TEST_CASE(starts_at_the_maximum_window) {
  AimdThrottle throttle(1, 64);
  BOOST_TEST(throttle.window() == 64u);
  throttle.on_success();
  BOOST_TEST(throttle.window() == 64u);
}

BOOST_AUTO_TEST_CASE(congestion_halves_the_window_once_per_epoch) {
  AimdThrottle throttle(1, 64);
  uint64_t epoch = throttle.epoch();
  BOOST_TEST(throttle.on_congestion(epoch));
  BOOST_TEST(throttle.window() == 32u);
  // More 429s from requests sent before the decrease change nothing.
  BOOST_TEST(!throttle.on_congestion(epoch));
  BOOST_TEST(!throttle.on_congestion(epoch));
  BOOST_TEST(throttle.window() == 32u);
  BOOST_TEST(throttle.on_congestion(throttle.epoch()));
  BOOST_TEST(throttle.window() == 16u);
}

BOOST_AUTO_TEST_CASE(never_goes_below_the_minimum) {
  AimdThrottle throttle(2, 8);
  for (int i = 0; i < 10; ++i) (void)throttle.on_congestion(throttle.epoch());
  BOOST_TEST(throttle.window() == 2u);
}

BOOST_AUTO_TEST_CASE(a_window_of_successes_grows_it_by_about_one) {
  AimdThrottle throttle(1, 64);
  (void)throttle.on_congestion(throttle.epoch());
  (void)throttle.on_congestion(throttle.epoch());
  BOOST_TEST(throttle.window() == 16u);
  for (int i = 0; i < 17; ++i) throttle.on_success();
  BOOST_TEST(throttle.window() == 17u);
  for (int i = 0; i < 10000; ++i) throttle.on_success();
  BOOST_TEST(throttle.window() == 64u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::feed
