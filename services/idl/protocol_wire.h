#pragma once

// The one conversion between the content protocol's plain messages (services/protocol) and the
// Thrift types generated from content.thrift. The Thrift client (services/rpc) and the content
// node's Thrift handler (content/rpc) both convert here, and nothing else sees a wire type
// (STYLE habit 9).
//
// For every message both directions exist: to_wire(const protocol::X&) and
// from_wire(wire::X&&); the wire value is moved from, and the messages that carry documents
// or JSON are taken by value, so neither direction need copy them. A call whose
// wire form is a bare list (feed_batch, write_batch, the reply of list_buckets) converts from and
// to that list. Conversions cannot fail, except a feed operation that is none of put, update and
// remove, which only a foreign client can send (InvalidArgument for the whole batch). Gids pass
// as bytes, unchecked: the node checks their length where it reads them.
//
// Pure functions; thread-safe. Round-trip tests: tests/unit/services/idl/protocol_wire_test.cpp.

#include <vector>

#include "services/base/result.h"
#include "services/idl/content_types.h"
#include "services/protocol/bucket_messages.h"
#include "services/protocol/document_messages.h"
#include "services/protocol/feed_messages.h"
#include "services/protocol/node_messages.h"
#include "services/protocol/replica_messages.h"
#include "services/protocol/search_messages.h"

namespace grove::idl {

// ---- node ----
wire::PingReply to_wire(const protocol::PingReply& reply);
protocol::PingReply from_wire(wire::PingReply&& reply);
wire::SetClusterStateRequest to_wire(const protocol::SetClusterStateRequest& request);
protocol::SetClusterStateRequest from_wire(wire::SetClusterStateRequest&& request);
wire::SetClusterStateReply to_wire(const protocol::SetClusterStateReply& reply);
protocol::SetClusterStateReply from_wire(wire::SetClusterStateReply&& reply);

// ---- search ----
wire::QueryTree to_wire(const protocol::QueryTree& tree);
protocol::QueryTree from_wire(wire::QueryTree&& tree);
wire::GlobalStats to_wire(const protocol::GlobalStats& stats);
protocol::GlobalStats from_wire(wire::GlobalStats&& stats);
wire::SearchRequest to_wire(const protocol::SearchRequest& request);
protocol::SearchRequest from_wire(wire::SearchRequest&& request);
wire::SearchReply to_wire(const protocol::SearchReply& reply);
protocol::SearchReply from_wire(wire::SearchReply&& reply);
// term_stats carries its request as a SearchRequest with only the type and the query.
wire::SearchRequest to_wire(const protocol::TermStatsRequest& request);
protocol::TermStatsRequest term_stats_from_wire(wire::SearchRequest&& request);
wire::TermStatsReply to_wire(const protocol::TermStatsReply& reply);
protocol::TermStatsReply from_wire(wire::TermStatsReply&& reply);
wire::DocsumRequest to_wire(const protocol::DocsumRequest& request);
protocol::DocsumRequest from_wire(wire::DocsumRequest&& request);
wire::DocsumReply to_wire(protocol::DocsumReply reply);
protocol::DocsumReply from_wire(wire::DocsumReply&& reply);

// ---- document reads ----
wire::GetRequest to_wire(const protocol::GetRequest& request);
protocol::GetRequest from_wire(wire::GetRequest&& request);
wire::GetReply to_wire(protocol::GetReply reply);
protocol::GetReply from_wire(wire::GetReply&& reply);
wire::VisitRequest to_wire(const protocol::VisitRequest& request);
protocol::VisitRequest from_wire(wire::VisitRequest&& request);
wire::VisitReply to_wire(protocol::VisitReply reply);
protocol::VisitReply from_wire(wire::VisitReply&& reply);

// ---- distributor writes ----
std::vector<wire::FeedOperation> to_wire(protocol::FeedBatchRequest request);
Result<protocol::FeedBatchRequest> from_wire(std::vector<wire::FeedOperation>&& operations);
std::vector<wire::FeedReply> to_wire(const protocol::FeedBatchReply& reply);
protocol::FeedBatchReply from_wire(std::vector<wire::FeedReply>&& replies);

// ---- replica writes ----
std::vector<wire::ReplicaWrite> to_wire(protocol::WriteBatchRequest request);
protocol::WriteBatchRequest from_wire(std::vector<wire::ReplicaWrite>&& writes);
std::vector<wire::ReplicaWriteResult> to_wire(const protocol::WriteBatchReply& reply);
protocol::WriteBatchReply from_wire(std::vector<wire::ReplicaWriteResult>&& results);

// ---- buckets ----
wire::ListBucketsRequest to_wire(const protocol::ListBucketsRequest& request);
protocol::ListBucketsRequest from_wire(wire::ListBucketsRequest&& request);
std::vector<wire::BucketInfo> to_wire(const protocol::ListBucketsReply& reply);
protocol::ListBucketsReply from_wire(std::vector<wire::BucketInfo>&& buckets);

// ---- bucket maintenance ----
wire::BucketEntriesRequest to_wire(const protocol::BucketEntriesRequest& request);
protocol::BucketEntriesRequest from_wire(wire::BucketEntriesRequest&& request);
wire::BucketEntriesReply to_wire(const protocol::BucketEntriesReply& reply);
protocol::BucketEntriesReply from_wire(wire::BucketEntriesReply&& reply);
wire::FetchEntriesRequest to_wire(const protocol::FetchEntriesRequest& request);
protocol::FetchEntriesRequest from_wire(wire::FetchEntriesRequest&& request);
wire::FetchEntriesReply to_wire(protocol::FetchEntriesReply reply);
protocol::FetchEntriesReply from_wire(wire::FetchEntriesReply&& reply);
wire::ApplyEntriesRequest to_wire(protocol::ApplyEntriesRequest request);
protocol::ApplyEntriesRequest from_wire(wire::ApplyEntriesRequest&& request);
wire::ApplyEntriesReply to_wire(const protocol::ApplyEntriesReply& reply);
protocol::ApplyEntriesReply from_wire(wire::ApplyEntriesReply&& reply);
wire::SetBucketStatesRequest to_wire(const protocol::SetBucketStatesRequest& request);
protocol::SetBucketStatesRequest from_wire(wire::SetBucketStatesRequest&& request);
wire::SetBucketStatesReply to_wire(const protocol::SetBucketStatesReply& reply);
protocol::SetBucketStatesReply from_wire(wire::SetBucketStatesReply&& reply);
wire::DeleteBucketsRequest to_wire(const protocol::DeleteBucketsRequest& request);
protocol::DeleteBucketsRequest from_wire(wire::DeleteBucketsRequest&& request);
wire::DeleteBucketsReply to_wire(const protocol::DeleteBucketsReply& reply);
protocol::DeleteBucketsReply from_wire(wire::DeleteBucketsReply&& reply);

}  // namespace grove::idl
