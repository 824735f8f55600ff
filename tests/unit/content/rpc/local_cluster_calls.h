#pragma once

// Test helpers over a content::LocalCluster (the in-process twin of a whole content cluster),
// shared by the tests that drive one: which node owns a document's bucket, and one put through a
// node's distributor. Every wait is bounded (10 s).

#include <cstdint>
#include <string>

#include "content/rpc/local_cluster.h"
#include "services/protocol/content_service.h"

namespace grove::content::testing {

// The owner (distributor) of `id`'s bucket in the placement node `asked` has now.
uint16_t owner_of(LocalCluster& nodes, uint16_t asked, const std::string& id);

// One music put of `id` (title "x") through node `key`'s feed_batch; the reply of its one
// operation. The call itself must succeed (checked with BOOST_REQUIRE).
protocol::FeedReply put_through(LocalCluster& nodes, uint16_t key, const std::string& id);

}  // namespace grove::content::testing
