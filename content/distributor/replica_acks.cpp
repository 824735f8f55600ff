#include "content/distributor/replica_acks.h"

namespace grove::content {

void ReplicaAcks::done(size_t i, Status status) {
  std::lock_guard lock(mutex_);
  statuses_[i] = std::move(status);
  if (--pending_ == 0) all_done_.notify_all();
}

bool ReplicaAcks::wait_until(SteadyTime until) {
  std::unique_lock lock(mutex_);
  if (until == SteadyTime::max()) {  // no deadline
    all_done_.wait(lock, [this] { return pending_ == 0; });
    return true;
  }
  return all_done_.wait_until(lock, until, [this] { return pending_ == 0; });
}

}  // namespace grove::content
