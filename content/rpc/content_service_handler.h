#pragma once

// ContentServiceHandler: the Thrift handler of grove-content. It checks each call's deadline,
// converts wire types (only here and in services/idl/wire_status) and delegates.
//
// This first version answers ping only; storage, search and the bucket operations arrive with
// the content-node work.
//
// Owned by the ContentServer; thread-safe (called from the server's worker threads).

#include <atomic>
#include <cstdint>
#include <string>

#include "services/base/clock.h"
#include "services/idl/ContentService.h"

namespace grove::content {

struct NodeIdentity {
  std::string cluster;
  uint16_t distribution_key = 0;
  int64_t config_generation = 0;
};

class ContentServiceHandler : public wire::ContentServiceIf {
 public:
  ContentServiceHandler(NodeIdentity identity, const Clock& clock)
      : identity_(std::move(identity)), clock_(clock) {}

  void ping(wire::PingReply& reply, const wire::CallContext& ctx) override;

  // Marks the node as stopping; pings report it so that callers stop sending.
  void set_stopping() { stopping_ = true; }

 private:
  NodeIdentity identity_;
  const Clock& clock_;
  std::atomic<bool> stopping_{false};
};

}  // namespace grove::content
