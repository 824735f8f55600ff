#include "container/feed/id_sequencer.h"

#include "services/base/assert.h"

namespace grove::feed {

bool IdSequencer::admit(PendingOp& op) {
  op.next_same_id = nullptr;
  auto [it, inserted] = chains_.try_emplace(op.op.gid, Chain{&op, &op});
  if (inserted) return true;
  it->second.tail->next_same_id = &op;
  it->second.tail = &op;
  ++parked_;
  return false;
}

PendingOp* IdSequencer::complete(PendingOp& op) {
  auto it = chains_.find(op.op.gid);
  GROVE_ASSERT(it != chains_.end() && it->second.head == &op);
  PendingOp* next = op.next_same_id;
  op.next_same_id = nullptr;
  if (next == nullptr) {
    chains_.erase(it);
    return nullptr;
  }
  it->second.head = next;
  --parked_;
  return next;
}

}  // namespace grove::feed
