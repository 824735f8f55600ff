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

namespace {

[[noreturn]] void not_served(const wire::CallContext& ctx, const char* call) {
  check_deadline(ctx, call);
  throw status_to_wire(Status::Unavailable(
      std::string(call) + ": this content node does not serve storage and search yet"));
}

}  // namespace

void ContentServiceHandler::search(wire::SearchReply&, const wire::CallContext& ctx,
                                   const wire::SearchRequest&) {
  not_served(ctx, "search");
}
void ContentServiceHandler::docsum(wire::DocsumReply&, const wire::CallContext& ctx,
                                   const wire::DocsumRequest&) {
  not_served(ctx, "docsum");
}
void ContentServiceHandler::term_stats(wire::TermStatsReply&, const wire::CallContext& ctx,
                                       const wire::SearchRequest&) {
  not_served(ctx, "term_stats");
}
void ContentServiceHandler::get(wire::GetReply&, const wire::CallContext& ctx,
                                const wire::GetRequest&) {
  not_served(ctx, "get");
}
void ContentServiceHandler::put(wire::WriteReply&, const wire::CallContext& ctx,
                                const wire::PutRequest&) {
  not_served(ctx, "put");
}
void ContentServiceHandler::remove(wire::WriteReply&, const wire::CallContext& ctx,
                                   const wire::RemoveRequest&) {
  not_served(ctx, "remove");
}
void ContentServiceHandler::list_buckets(std::vector<wire::BucketInfo>&,
                                         const wire::CallContext& ctx) {
  not_served(ctx, "list_buckets");
}
void ContentServiceHandler::list_bucket_entries(std::vector<wire::BucketEntry>&,
                                                const wire::CallContext& ctx, int64_t) {
  not_served(ctx, "list_bucket_entries");
}
void ContentServiceHandler::fetch_bucket_documents(std::vector<wire::BucketEntry>&,
                                                   const wire::CallContext& ctx, int64_t,
                                                   const std::vector<std::string>&) {
  not_served(ctx, "fetch_bucket_documents");
}
int32_t ContentServiceHandler::apply_bucket_entries(const wire::CallContext& ctx, int64_t,
                                                    const std::vector<wire::BucketEntry>&) {
  not_served(ctx, "apply_bucket_entries");
}
void ContentServiceHandler::delete_bucket(const wire::CallContext& ctx, int64_t) {
  not_served(ctx, "delete_bucket");
}
void ContentServiceHandler::set_bucket_state(const wire::CallContext& ctx, int64_t, bool, bool) {
  not_served(ctx, "set_bucket_state");
}

}  // namespace grove::content
