#include "content/distributor/feed_decisions.h"

#include <boost/test/unit_test.hpp>

namespace grove::content {

BOOST_AUTO_TEST_SUITE(feed_decisions)

BOOST_AUTO_TEST_CASE(a_full_store_blocks_feeding_but_back_pressure_does_not) {
  BOOST_TEST(is_feed_blocked(Status::ResourceExhausted("commit: MDB_MAP_FULL: Environment mapsize limit reached (-30792)")));
  BOOST_TEST(!is_feed_blocked(Status::ResourceExhausted("the write queue is full; back off and retry")));
  BOOST_TEST(!is_feed_blocked(Status::ResourceExhausted("put to content node a:1: 9 calls already wait for its 64 connections")));
  BOOST_TEST(!is_feed_blocked(Status::Unavailable("MDB_MAP_FULL")));
  auto blocked = written(Status::ResourceExhausted("MDB_MAP_FULL"), 7);
  BOOST_REQUIRE(blocked.ok());
  BOOST_TEST((blocked->outcome == FeedOutcome::kFeedBlocked));
  BOOST_TEST(blocked->timestamp == 0u);
  auto ok = written(Status::Ok(), 7);
  BOOST_TEST((ok->outcome == FeedOutcome::kOk));
  BOOST_TEST(ok->timestamp == 7u);
  BOOST_TEST(written(Status::DeadlineExceeded("late"), 7).status().code() == StatusCode::kDeadlineExceeded);
}

BOOST_AUTO_TEST_CASE(outcomes_have_stable_names) {
  BOOST_TEST(feed_outcome_name(FeedOutcome::kOk) == "ok");
  BOOST_TEST(feed_outcome_name(FeedOutcome::kConditionNotMet) == "condition_not_met");
  BOOST_TEST(feed_outcome_name(FeedOutcome::kFeedBlocked) == "feed_blocked");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
