// set_cluster_state against a 2×2 LocalCluster: a node marked down loses its buckets to other
// distributors at once, so writes to them succeed again through the new owner; older states
// are ignored; malformed ones and changed distribution bits are refused with a reason.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "content/node/content_node.h"
#include "content/rpc/local_cluster.h"
#include "services/distribution/document_id.h"
#include "tests/unit/content/node/node_test_support.h"
#include "tests/unit/content/rpc/local_cluster_calls.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;
using testing::TestPackage;

template <typename Reply, typename Call>
Result<Reply> wait_for(Call call) {
  auto promise = std::make_shared<std::promise<Result<Reply>>>();
  auto future = promise->get_future();
  call(Deadline::after(SystemClock::instance(), 10s),
       [promise](Result<Reply> r) { promise->set_value(std::move(r)); });
  BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
  return future.get();
}

struct Fixture {
  Fixture() : package(testing::grouped_cluster()) {
    LocalClusterOptions options;
    options.application = package.app();
    options.data_dir = package.data_dir(0);
    options.threads_per_node = 4;
    auto opened = LocalCluster::open(std::move(options));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    nodes = std::move(*opened);
  }

  Result<protocol::SetClusterStateReply> set_state(uint16_t key, const std::string& state) {
    return wait_for<protocol::SetClusterStateReply>([&](Deadline d, auto done) {
      nodes->service(key).set_cluster_state({state}, d, std::move(done));
    });
  }
  // On every node but `skip` (a node that is down gets no state).
  void set_everywhere(const std::string& state, int skip = -1) {
    for (uint16_t key : nodes->keys()) {
      if (key == skip) continue;
      auto r = set_state(key, state);
      BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    }
  }
  uint16_t owner(uint16_t asked, const std::string& id) { return testing::owner_of(*nodes, asked, id); }
  // One put through `key`; the reply of its one operation.
  protocol::FeedReply put(uint16_t key, const std::string& id) { return testing::put_through(*nodes, key, id); }

  TestPackage package;
  std::unique_ptr<LocalCluster> nodes;
};

// A document whose bucket node `key` owns in the all-up state.
std::string owned_by(Fixture& f, uint16_t key) {
  for (int i = 0; i < 1000; ++i) {
    std::string id = testing::doc_id(i);
    if (f.owner(0, id) == key) return id;
  }
  BOOST_FAIL("no document of the first 1000 is owned by node " << key);
  return {};
}

BOOST_AUTO_TEST_SUITE(cluster_state)

BOOST_AUTO_TEST_CASE(a_down_node_loses_its_buckets_to_another_distributor) {
  Fixture f;
  const std::string id = owned_by(f, 1);
  BOOST_CHECK_EQUAL(f.nodes->node(0).cluster_state_version(), 1u);

  // Node 1 is down (as a distributor and as storage): its old owner cannot take the write, and
  // another node knows no better yet.
  f.nodes->service(1).shutdown();
  protocol::FeedReply before = f.put(0, id);
  BOOST_CHECK(before.outcome == protocol::FeedOutcome::kWrongDistribution);
  BOOST_CHECK_EQUAL(before.cluster_state_version, 1);

  f.set_everywhere("version:2 distributor:4 .1.s:d storage:4 .1.s:d", 1);
  const uint16_t owner = f.owner(0, id);
  BOOST_CHECK_NE(owner, 1);
  for (uint16_t key : {0, 2, 3}) {
    BOOST_CHECK_EQUAL(f.nodes->node(key).cluster_state_version(), 2u);
    BOOST_CHECK_EQUAL(f.owner(key, id), owner);
  }
  protocol::FeedReply after = f.put(owner, id);
  BOOST_CHECK_MESSAGE(!after.error && after.outcome == protocol::FeedOutcome::kOk, after.message);
  BOOST_CHECK_GT(after.timestamp, 0);
  // Any other node now points the writer at the new owner, with the new state.
  uint16_t other = owner == 0 ? 2 : 0;
  protocol::FeedReply wrong = f.put(other, id);
  BOOST_CHECK(wrong.outcome == protocol::FeedOutcome::kWrongDistribution);
  BOOST_CHECK_EQUAL(wrong.cluster_state_version, 2);
  BOOST_CHECK(wrong.cluster_state.find(".1.s:d") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_older_or_equal_state_changes_nothing) {
  Fixture f;
  auto newer = f.set_state(0, "version:5 distributor:4 storage:4 .3.s:m");
  BOOST_REQUIRE(newer.ok());
  BOOST_CHECK_EQUAL(newer->version, 5u);
  auto older = f.set_state(0, "version:4 distributor:4 storage:4");
  BOOST_REQUIRE(older.ok());
  BOOST_CHECK_EQUAL(older->version, 5u);
  BOOST_CHECK(f.nodes->node(0).placement()->state().to_string().find(".3.s:m") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_state_is_refused_with_the_reason) {
  Fixture f;
  auto malformed = f.set_state(0, "version:3 distributor:4 storage:four");
  BOOST_CHECK(malformed.status().code() == StatusCode::kInvalidArgument);
  auto bits = f.set_state(0, "version:3 bits:18 distributor:4 storage:4");
  BOOST_CHECK(bits.status().code() == StatusCode::kInvalidArgument);
  BOOST_CHECK(bits.status().message().find("distribution bits") != std::string::npos);
  auto all_down = f.set_state(0, "version:3 distributor:4 storage:4 .0.s:d .1.s:d .2.s:d .3.s:d");
  BOOST_CHECK(!all_down.ok());
  BOOST_CHECK_EQUAL(f.nodes->node(0).cluster_state_version(), 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::content
