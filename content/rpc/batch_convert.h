#pragma once

// Conversion of the batch calls' wire types (feed_batch, write_batch in content.thrift) to the
// distributor's and the node's own types, and back: the companion of wire_convert.h for batches.
//
// A per-operation failure travels inside the reply (FeedReply.error, ReplicaWriteResult.error),
// not as a GroveError, so that one bad operation does not fail its batch.
//
// Pure functions; thread-safe.

#include <vector>

#include "content/distributor/distributor.h"
#include "content/node/replica_write.h"
#include "services/base/clock.h"
#include "services/base/result.h"
#include "services/idl/content_types.h"

namespace grove::content {

// One operation of a feed_batch, moved out of the request. Its deadline is its own timeout_ms
// from now on `clock`, or `call` when it has none. InvalidArgument unless exactly one of put,
// update and remove is set.
Result<FeedBatchOp> from_wire(wire::FeedOperation&& operation, const Clock& clock,
                              const Deadline& call);

// An operation's answer: its FeedResult (as for a single call), or its error in `error` and
// `message`.
wire::FeedReply to_wire(const Result<FeedResult>& result, const distribution::ClusterState* state);

// The writes of a write_batch, moved out of the request. InvalidArgument naming the first write
// with a timestamp that is not positive.
Result<std::vector<ReplicaWrite>> from_wire(std::vector<wire::ReplicaWrite>&& writes);

// One write's answer: applied or not, or its error.
wire::ReplicaWriteResult to_wire(const Result<bool>& result);

}  // namespace grove::content
