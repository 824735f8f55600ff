#include "content/distributor/replica_peers.h"

#include <fmt/format.h>

#include <chrono>

namespace grove::content {

std::string replica_name(uint16_t node, uint16_t self, const ReplicaPeers* peers) {
  if (node == self) return fmt::format("replica {} (this node)", node);
  return fmt::format("replica {} ({})", node, peers != nullptr ? peers->endpoint(node) : "no peers");
}

SteadyTime callback_wait_limit(const Deadline& deadline) {
  return deadline.is_never() ? SteadyTime::max() : deadline.at() + std::chrono::seconds(1);
}

}  // namespace grove::content
