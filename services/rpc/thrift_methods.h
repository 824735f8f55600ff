#pragma once

// The content protocol's calls as Thrift methods: for each ContentService call, its name, its
// protocol request and reply, the generated send_*/recv_* pair, and the conversion through
// services/idl/protocol_wire. ThriftContentClient has one generic call path over these traits,
// so a new call is a traits struct here and a one-line override there.
//
// Each traits struct M has:
//   M::kName                          the Thrift method name (for messages)
//   M::Request, M::Reply              the protocol messages
//   M::WireReply                      the generated reply type
//   M::send(client, ctx, request)     encodes the call (converting the request)
//   M::recv(client, wire_reply)       decodes the reply; idl::from_wire turns it into M::Reply
//
// Stateless; thread-safe.

#include <utility>
#include <vector>

#include "services/idl/ContentService.h"
#include "services/idl/protocol_wire.h"

namespace grove::rpc::methods {

using Client = wire::ContentServiceClient;
using Ctx = wire::CallContext;

// Most calls: the request converts with idl::to_wire, the reply has its own generated type.
#define GROVE_THRIFT_METHOD(Name, name, RequestT, ReplyT, WireReplyT, SEND)          \
  struct Name {                                                                     \
    static constexpr const char* kName = #name;                                     \
    using Request = protocol::RequestT;                                             \
    using Reply = protocol::ReplyT;                                                 \
    using WireReply = WireReplyT;                                                   \
    template <typename R>                                                           \
    static void send(Client& c, const Ctx& ctx, R&& request) { SEND; }              \
    static void recv(Client& c, WireReply& out) { c.recv_##name(out); }             \
  };

GROVE_THRIFT_METHOD(Ping, ping, PingRequest, PingReply, wire::PingReply, (void)request; c.send_ping(ctx))
GROVE_THRIFT_METHOD(SetClusterState, set_cluster_state, SetClusterStateRequest, SetClusterStateReply,
                    wire::SetClusterStateReply, c.send_set_cluster_state(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(TermStats, term_stats, TermStatsRequest, TermStatsReply, wire::TermStatsReply,
                    c.send_term_stats(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(Search, search, SearchRequest, SearchReply, wire::SearchReply,
                    c.send_search(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(Docsum, docsum, DocsumRequest, DocsumReply, wire::DocsumReply,
                    c.send_docsum(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(Get, get, GetRequest, GetReply, wire::GetReply, c.send_get(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(Visit, visit, VisitRequest, VisitReply, wire::VisitReply,
                    c.send_visit(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(FeedBatch, feed_batch, FeedBatchRequest, FeedBatchReply, std::vector<wire::FeedReply>,
                    c.send_feed_batch(ctx, idl::to_wire(std::forward<R>(request))))
GROVE_THRIFT_METHOD(WriteBatch, write_batch, WriteBatchRequest, WriteBatchReply,
                    std::vector<wire::ReplicaWriteResult>,
                    c.send_write_batch(ctx, idl::to_wire(std::forward<R>(request))))
GROVE_THRIFT_METHOD(ListBuckets, list_buckets, ListBucketsRequest, ListBucketsReply,
                    std::vector<wire::BucketInfo>, c.send_list_buckets(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(BucketEntries, bucket_entries, BucketEntriesRequest, BucketEntriesReply,
                    wire::BucketEntriesReply, c.send_bucket_entries(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(FetchEntries, fetch_entries, FetchEntriesRequest, FetchEntriesReply,
                    wire::FetchEntriesReply, c.send_fetch_entries(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(ApplyEntries, apply_entries, ApplyEntriesRequest, ApplyEntriesReply,
                    wire::ApplyEntriesReply,
                    c.send_apply_entries(ctx, idl::to_wire(std::forward<R>(request))))
GROVE_THRIFT_METHOD(SetBucketStates, set_bucket_states, SetBucketStatesRequest, SetBucketStatesReply,
                    wire::SetBucketStatesReply, c.send_set_bucket_states(ctx, idl::to_wire(request)))
GROVE_THRIFT_METHOD(DeleteBuckets, delete_buckets, DeleteBucketsRequest, DeleteBucketsReply,
                    wire::DeleteBucketsReply, c.send_delete_buckets(ctx, idl::to_wire(request)))

#undef GROVE_THRIFT_METHOD

}  // namespace grove::rpc::methods
