#include "services/base/deadline.h"

#include <boost/test/unit_test.hpp>

namespace grove {

using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(deadline)

BOOST_AUTO_TEST_CASE(expires_when_manual_clock_passes_it) {
  ManualClock clock;
  Deadline d = Deadline::after(clock, 100ms);
  BOOST_TEST(!d.expired(clock));
  BOOST_TEST(d.remaining_ms(clock) == 100);
  clock.advance(60ms);
  BOOST_TEST(d.remaining_ms(clock) == 40);
  clock.advance(40ms);
  BOOST_TEST(d.expired(clock));
  BOOST_TEST(d.remaining_ms(clock) == 0);
}

BOOST_AUTO_TEST_CASE(never_does_not_expire_and_saturates_on_the_wire) {
  ManualClock clock;
  Deadline d = Deadline::never();
  clock.advance(24h);
  BOOST_TEST(!d.expired(clock));
  BOOST_TEST(d.remaining_ms(clock) == INT32_MAX);
}

BOOST_AUTO_TEST_CASE(manual_clock_moves_wall_time_too) {
  ManualClock clock(1000);
  clock.advance(5ms);
  BOOST_TEST(clock.wall_us() == 6000);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove
