#include "tests/system/replica_calls.h"

namespace grove::testing {

namespace {

Result<bool> write_one(rpc::BlockingContentClient& client, protocol::ReplicaWrite write,
                       std::chrono::milliseconds timeout) {
  protocol::WriteBatchRequest request;
  request.writes.push_back(std::move(write));
  GROVE_ASSIGN_OR_RETURN(protocol::WriteBatchReply reply, client.write_batch(std::move(request), timeout));
  if (reply.results.size() != 1) return Status::Internal("write_batch of one answered another count");
  const protocol::ReplicaWriteResult& r = reply.results[0];
  if (r.error) return Status(*r.error, r.message);
  return r.applied;
}

}  // namespace

Result<bool> replica_put(rpc::BlockingContentClient& client, const std::string& id, int64_t timestamp,
                         std::string document, std::chrono::milliseconds timeout) {
  return write_one(client, {id, timestamp, false, std::move(document), true}, timeout);
}

Result<bool> replica_remove(rpc::BlockingContentClient& client, const std::string& id, int64_t timestamp,
                            std::chrono::milliseconds timeout) {
  return write_one(client, {id, timestamp, true, "", true}, timeout);
}

}  // namespace grove::testing
