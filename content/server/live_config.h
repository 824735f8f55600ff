#pragma once

// LiveConfig: how a running content node follows the config server (grove-content
// --configserver): each new generation the subscription delivers is adopted without a restart
// (ContentNode::reconfigure: rank profiles, summary classes, the cluster's nodes and copies), and
// the distributor learns the endpoints of nodes the generation added. A generation the node
// cannot adopt live (a change that needs re-indexing) is logged with the reason and skipped: the
// node keeps serving the one it has, and a restart adopts it.
//
// Generations can arrive before the node is open (the subscription starts first): the newest is
// kept and applied by attach().
//
// Usage:
//   LiveConfig live;
//   subscriber callback: live.offer(snapshot);
//   ... open the node and its distributor ...
//   live.attach(*node, *distributor);
//   ... serve ...
//   live.detach();   // before the node closes
//
// Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "config-model/subscription/config_subscriber.h"
#include "content/distributor/distributor.h"
#include "content/node/content_node.h"

namespace grove::content {

class LiveConfig {
 public:
  LiveConfig() = default;

  // The generation the node is opened with, once known (the node starts from it).
  void set_started_with(uint64_t generation);
  // A generation from the subscription (its thread); applied now when attached, else kept.
  void offer(const subscription::ConfigSnapshot& snapshot);
  // The node serves: apply the newest generation offered so far, and the later ones as they come.
  void attach(ContentNode& node, Distributor& distributor);
  void detach();
  // The newest generation adopted.
  uint64_t applied() const;

 private:
  void apply(const subscription::ConfigSnapshot& snapshot);  // under mutex_, attached

  std::string cluster_;  // the node's, from attach()
  mutable std::mutex mutex_;
  ContentNode* node_ = nullptr;
  Distributor* distributor_ = nullptr;
  std::optional<subscription::ConfigSnapshot> pending_;
  uint64_t applied_ = 0;  // 0: started from a package directory, whose generation is unknown
};

}  // namespace grove::content
