#include "container/feed/retry_policy.h"

#include <boost/test/unit_test.hpp>

namespace grove::feed {

using std::chrono::milliseconds;

BOOST_AUTO_TEST_SUITE(retry_policy)

BOOST_AUTO_TEST_CASE(retries_overload_and_transport_errors_only) {
  for (int status : {0, 429, 500, 502, 503, 504}) BOOST_TEST(is_retryable_status(status));
  for (int status : {200, 400, 404, 412, 413, 507}) BOOST_TEST(!is_retryable_status(status));
  BOOST_TEST(is_congestion_status(429));
  BOOST_TEST(is_congestion_status(503));
  BOOST_TEST(is_congestion_status(504));
  BOOST_TEST(!is_congestion_status(500));
}

BOOST_AUTO_TEST_CASE(back_off_doubles_with_jitter_and_is_capped) {
  std::mt19937_64 random(7);
  for (int i = 0; i < 100; ++i) {
    Duration first = retry_delay(1, milliseconds(100), milliseconds(10000), random);
    BOOST_TEST((first >= milliseconds(50) && first <= milliseconds(100)));
    Duration fourth = retry_delay(4, milliseconds(100), milliseconds(10000), random);
    BOOST_TEST((fourth >= milliseconds(400) && fourth <= milliseconds(800)));
    Duration late = retry_delay(40, milliseconds(100), milliseconds(10000), random);
    BOOST_TEST((late >= milliseconds(5000) && late <= milliseconds(10000)));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::feed
