#include "content/distributor/replica_peers.h"

#include <memory>
#include <mutex>

#include "services/base/assert.h"

namespace grove::content {

namespace {

// Gathers the answers of one write_batch sent as single writes; the last answer delivers them.
class SingleWrites {
 public:
  SingleWrites(size_t writes, ReplicaPeers::BatchDone done)
      : results_(writes, Result<bool>(false)), pending_(writes), done_(std::move(done)) {}

  void answer(size_t i, Status status) {
    std::unique_lock lock(mutex_);
    results_[i] = status.ok() ? Result<bool>(true) : Result<bool>(std::move(status));
    if (--pending_ > 0) return;
    lock.unlock();
    done_(std::move(results_));
  }

 private:
  std::mutex mutex_;
  ReplicaPeers::BatchResults results_;  // guarded by mutex_ until pending_ reaches 0
  // Invariant: the writes that have not answered yet; guarded by mutex_.
  size_t pending_;
  ReplicaPeers::BatchDone done_;
};

}  // namespace

void ReplicaPeers::write_batch(uint16_t node, std::span<ReplicaWrite* const> writes,
                               Deadline deadline, BatchDone done) {
  GROVE_ASSERT(!writes.empty());
  auto gather = std::make_shared<SingleWrites>(writes.size(), std::move(done));
  for (size_t i = 0; i < writes.size(); ++i) {
    ReplicaWrite& w = *writes[i];
    auto answer = [gather, i](Status s) { gather->answer(i, std::move(s)); };
    if (w.remove) {
      remove(node, w.document_id, w.timestamp, deadline, std::move(answer));
    } else {
      put(node, w.document_id, w.timestamp, w.document, deadline, std::move(answer));
    }
  }
}

}  // namespace grove::content
