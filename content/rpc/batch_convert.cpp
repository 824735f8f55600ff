#include "content/rpc/batch_convert.h"

#include <fmt/format.h>

#include "content/rpc/wire_convert.h"
#include "services/idl/wire_status.h"

namespace grove::content {

Result<FeedBatchOp> from_wire(wire::FeedOperation&& operation, const Clock& clock,
                              const Deadline& call) {
  const int set = operation.__isset.put + operation.__isset.update + operation.__isset.remove;
  if (set != 1) {
    return Status::InvalidArgument(fmt::format(
        "feed_batch: an operation must hold exactly one of put, update and remove, not {}", set));
  }
  FeedBatchOp op;
  op.deadline = operation.__isset.timeout_ms
                    ? Deadline::after(clock, std::chrono::milliseconds(operation.timeout_ms))
                    : call;
  if (operation.__isset.put) {
    op.op = from_wire(std::move(operation.put));
  } else if (operation.__isset.update) {
    op.op = from_wire(operation.update);
  } else {
    op.op = from_wire(operation.remove);
  }
  return op;
}

wire::FeedReply to_wire(const Result<FeedResult>& result, const distribution::ClusterState* state) {
  if (result.ok()) return to_wire(*result, state);
  wire::FeedReply reply;
  reply.outcome = wire::FeedOutcome::OK;  // meaningless with `error`; a valid enum value
  reply.__set_error(code_to_wire(result.status().code()));
  reply.message = result.status().message();
  if (state != nullptr) reply.cluster_state_version = static_cast<int32_t>(state->version());
  return reply;
}

Result<std::vector<ReplicaWrite>> from_wire(std::vector<wire::ReplicaWrite>&& writes) {
  std::vector<ReplicaWrite> out;
  out.reserve(writes.size());
  for (wire::ReplicaWrite& w : writes) {
    if (w.timestamp <= 0) {
      return Status::InvalidArgument(fmt::format(
          "write_batch: the timestamp of {} must be positive, not {}", w.document_id, w.timestamp));
    }
    out.push_back(ReplicaWrite{std::move(w.document_id), static_cast<uint64_t>(w.timestamp),
                               w.remove, std::move(w.document)});
  }
  return out;
}

wire::ReplicaWriteResult to_wire(const Result<bool>& result) {
  wire::ReplicaWriteResult out;
  if (result.ok()) {
    out.applied = *result;
  } else {
    out.__set_error(code_to_wire(result.status().code()));
    out.message = result.status().message();
  }
  return out;
}

}  // namespace grove::content
