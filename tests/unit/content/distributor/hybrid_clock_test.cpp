#include "content/distributor/hybrid_clock.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <thread>
#include <vector>

namespace grove::content {
namespace {

// A wall clock the test sets, also backwards.
class SetClock final : public Clock {
 public:
  SteadyTime now() const override { return SteadyTime(); }
  int64_t wall_us() const override { return wall.load(); }
  std::atomic<int64_t> wall{1'000'000};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hybrid_clock)

BOOST_AUTO_TEST_CASE(timestamps_follow_the_wall_clock_when_it_moves_ahead) {
  SetClock wall;
  HybridClock clock(wall);
  BOOST_TEST(clock.next() == 1'000'000u);
  wall.wall = 2'000'000;
  BOOST_TEST(clock.next() == 2'000'000u);
  BOOST_TEST(clock.last() == 2'000'000u);
}

BOOST_AUTO_TEST_CASE(timestamps_keep_rising_when_the_wall_clock_stands_still_or_steps_back) {
  SetClock wall;
  HybridClock clock(wall);
  uint64_t a = clock.next();
  uint64_t b = clock.next();
  wall.wall = 10;  // a step back
  uint64_t c = clock.next();
  BOOST_TEST(b == a + 1);
  BOOST_TEST(c == b + 1);
}

BOOST_AUTO_TEST_CASE(concurrent_callers_never_get_the_same_timestamp) {
  HybridClock clock(SystemClock::instance());
  std::vector<std::vector<uint64_t>> seen(4);
  std::vector<std::thread> threads;
  for (auto& out : seen) {
    threads.emplace_back([&clock, &out] {
      for (int i = 0; i < 20000; ++i) out.push_back(clock.next());
    });
  }
  for (auto& t : threads) t.join();
  std::vector<uint64_t> all;
  for (const auto& out : seen) {
    BOOST_TEST(std::is_sorted(out.begin(), out.end()));
    BOOST_TEST((std::adjacent_find(out.begin(), out.end()) == out.end()));
    all.insert(all.end(), out.begin(), out.end());
  }
  std::sort(all.begin(), all.end());
  BOOST_TEST((std::adjacent_find(all.begin(), all.end()) == all.end()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
