#include "tests/unit/content/rpc/local_cluster_calls.h"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <memory>

#include "services/distribution/document_id.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::content::testing {

uint16_t owner_of(LocalCluster& nodes, uint16_t asked, const std::string& id) {
  auto table = nodes.node(asked).placement();
  return table->at(table->storage_bucket(distribution::DocumentId::parse(id)->gid())).owner;
}

protocol::FeedReply put_through(LocalCluster& nodes, uint16_t key, const std::string& id) {
  using namespace std::chrono_literals;
  protocol::FeedBatchRequest request;
  request.operations.push_back(
      {protocol::FeedPut{id, encode(nodes.node(key), id, R"({"title": "x"})"), std::nullopt}, std::nullopt});
  auto promise = std::make_shared<std::promise<Result<protocol::FeedBatchReply>>>();
  auto future = promise->get_future();
  nodes.service(key).feed_batch(std::move(request), Deadline::after(SystemClock::instance(), 10s),
                                [promise](Result<protocol::FeedBatchReply> r) { promise->set_value(std::move(r)); });
  BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
  auto reply = future.get();
  BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
  BOOST_REQUIRE_EQUAL(reply->replies.size(), 1u);
  return reply->replies[0];
}

}  // namespace grove::content::testing
