#pragma once

// Replica-level writes of one document, sent as a distributor sends them: a write_batch of one
// with the caller's timestamp. For the system tests that check last-writer-wins and the node's
// validation of what it stores. Each write is marked new_bucket, as from a distributor that knows
// no replica of the bucket: a bucket it creates takes its ideal role (ready and active on a
// single node), so what the tests write is searchable at once, as before buckets had roles.
//
// Result: whether the write was applied (false: a newer entry was already stored), or the
// write's own error (or the call's) as a Status.

#include <chrono>
#include <cstdint>
#include <string>

#include "services/rpc/blocking_content_client.h"

namespace grove::testing {

Result<bool> replica_put(rpc::BlockingContentClient& client, const std::string& id, int64_t timestamp,
                         std::string document, std::chrono::milliseconds timeout);
Result<bool> replica_remove(rpc::BlockingContentClient& client, const std::string& id, int64_t timestamp,
                            std::chrono::milliseconds timeout);

}  // namespace grove::testing
