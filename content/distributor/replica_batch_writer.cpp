#include "content/distributor/replica_batch_writer.h"

#include <fmt/format.h>

#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>

#include "services/base/assert.h"
#include "services/base/clock.h"

namespace grove::content {

namespace {

using Answer = Result<ReplicaPeers::BatchResults>;

// The answers of the nodes one batch was sent to. The distributor's worker waits for all of
// them; the transport's threads (and the worker itself, for the local node) report them.
// Shared with the callbacks, which may run after a timed-out waiter has left. Thread-safe.
class NodeAnswers {
 public:
  explicit NodeAnswers(size_t nodes) : answers_(nodes), pending_(nodes) {}

  void done(size_t slot, Answer answer) {
    std::lock_guard lock(mutex_);
    answers_[slot].emplace(std::move(answer));
    if (--pending_ == 0) all_done_.notify_all();
  }
  // Waits until every node answered or `until` passed; then the answers so far (nullopt for a
  // node that has not answered; its callback may still come, and finds its slot in place).
  std::vector<std::optional<Answer>> wait_until(SteadyTime until) {
    std::unique_lock lock(mutex_);
    auto all = [this] { return pending_ == 0; };
    if (until == SteadyTime::max()) {
      all_done_.wait(lock, all);
    } else {
      all_done_.wait_until(lock, until, all);
    }
    std::vector<std::optional<Answer>> out(answers_.size());
    for (size_t slot = 0; slot < answers_.size(); ++slot) out[slot].swap(answers_[slot]);
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_done_;
  std::vector<std::optional<Answer>> answers_;  // guarded by mutex_
  // Invariant: the nodes that have not answered yet; guarded by mutex_.
  size_t pending_;
};

// The rank of `node` among the replicas of a write: its position in the ideal order, then
// among the extra nodes.
size_t rank_of(const PlannedWrite& w, uint16_t node) {
  const auto& replicas = w.placement->replicas;
  for (size_t r = 0; r < replicas.size(); ++r) {
    if (replicas[r].node == node) return r;
  }
  for (size_t e = 0; e < w.extra.size(); ++e) {
    if (w.extra[e] == node) return replicas.size() + e;
  }
  return replicas.size() + w.extra.size();
}

// Write `k`'s status in a node's answer.
Status status_of(const std::optional<Answer>& answer, size_t k) {
  if (!answer) {
    return Status::DeadlineExceeded(
        "did not answer before the deadline; the write may be applied "
        "on some replicas");
  }
  if (!answer->ok()) return answer->status();
  if (k >= (*answer)->size())
    return Status::Internal("a replica answered fewer writes than it was sent");
  return (**answer)[k].status();
}

}  // namespace

// The writes that go to one node: indexes into the batch, and pointers for ReplicaPeers.
struct ReplicaBatchWriter::NodeBatch {
  uint16_t node = 0;
  std::vector<size_t> writes;
  std::vector<ReplicaWrite*> pointers;
};

std::vector<ReplicaBatchWriter::NodeBatch> ReplicaBatchWriter::group_by_node(
    std::vector<PlannedWrite>& writes) {
  std::vector<NodeBatch> nodes;
  for (size_t i = 0; i < writes.size(); ++i) {
    GROVE_ASSERT(!writes[i].placement->replicas.empty());  // every placed bucket has replicas
    auto add = [&](uint16_t node) {
      auto it = std::find_if(nodes.begin(), nodes.end(), [&](const NodeBatch& b) { return b.node == node; });
      if (it == nodes.end()) it = nodes.insert(nodes.end(), NodeBatch{node, {}, {}});
      it->writes.push_back(i);
      it->pointers.push_back(&writes[i].write);
    };
    for (const distribution::IdealReplica& replica : writes[i].placement->replicas) add(replica.node);
    for (uint16_t node : writes[i].extra) add(node);
  }
  return nodes;
}

// Runs after every remote batch was sent (and encoded), so the documents can be moved.
ReplicaPeers::BatchResults ReplicaBatchWriter::write_local(NodeBatch& batch,
                                                           const Deadline& deadline) {
  std::vector<ReplicaWrite> local;
  local.reserve(batch.pointers.size());
  for (ReplicaWrite* w : batch.pointers) local.push_back(std::move(*w));
  return node_.write_batch(std::move(local), deadline);
}

std::vector<Status> ReplicaBatchWriter::write(std::vector<PlannedWrite>& writes,
                                              const Deadline& deadline) {
  std::vector<NodeBatch> nodes = group_by_node(writes);
  auto answers = std::make_shared<NodeAnswers>(nodes.size());
  const uint16_t self = node_.options().distribution_key;
  std::optional<size_t> local;
  for (size_t slot = 0; slot < nodes.size(); ++slot) {
    if (nodes[slot].node == self) {
      local = slot;
    } else if (peers_ == nullptr) {
      answers->done(slot, Status::Unavailable("this node knows no peers (--nodes)"));
    } else {
      peers_->write_batch(nodes[slot].node, nodes[slot].pointers, deadline,
                          [answers, slot](Answer a) { answers->done(slot, std::move(a)); });
    }
  }
  if (local) answers->done(*local, write_local(nodes[*local], deadline));
  std::vector<std::optional<Answer>> got = answers->wait_until(callback_wait_limit(deadline));

  std::vector<Status> statuses(writes.size());
  std::vector<size_t> failed_rank(writes.size(), std::numeric_limits<size_t>::max());
  for (size_t slot = 0; slot < nodes.size(); ++slot) {
    const NodeBatch& batch = nodes[slot];
    for (size_t k = 0; k < batch.writes.size(); ++k) {
      const size_t i = batch.writes[k];
      Status s = status_of(got[slot], k);
      if (s.ok()) continue;
      const size_t rank = rank_of(writes[i], batch.node);
      if (rank >= failed_rank[i]) continue;
      failed_rank[i] = rank;
      statuses[i] = Status(s.code(), fmt::format("{}: {}", replica_name(batch.node, self, peers_), s.message()));
    }
  }
  return statuses;
}

}  // namespace grove::content
