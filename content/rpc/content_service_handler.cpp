#include "content/rpc/content_service_handler.h"

#include "services/idl/wire_status.h"

namespace grove::content {

namespace {

// A call whose caller has already given up is not executed.
void check_deadline(const wire::CallContext& ctx, const char* call) {
  if (ctx.timeout_ms <= 0) {
    throw_if_error(Status::DeadlineExceeded(std::string(call) + ": the deadline had passed on arrival"));
  }
}

}  // namespace

void ContentServiceHandler::ping(wire::PingReply& reply, const wire::CallContext& ctx) {
  check_deadline(ctx, "ping");
  reply.state = stopping_ ? wire::NodeServiceState::STOPPING : wire::NodeServiceState::UP;
  reply.distribution_key = static_cast<int16_t>(identity_.distribution_key);
  reply.cluster = identity_.cluster;
  reply.active_docs = 0;
  reply.total_docs = 0;
  reply.buckets = 0;
  reply.config_generation = identity_.config_generation;
}

}  // namespace grove::content
