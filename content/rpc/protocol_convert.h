#pragma once

// Conversion between the content protocol's messages (services/protocol) and the content node's
// own types: the one place where protocol messages meet search, store, node and distributor
// types. NodeService uses it, so the Thrift handler and the in-process LocalContentService
// convert alike.
//
// Conversions from the protocol validate what they read (child indexes, limits, gids,
// timestamps, selections) and return InvalidArgument naming the problem; conversions to the
// protocol cannot fail.
//
// Pure functions; thread-safe.

#include <string>
#include <vector>

#include "content/distributor/distributor.h"
#include "content/node/content_node.h"
#include "content/node/document_visit.h"
#include "content/node/replica_write.h"
#include "content/search/search_request.h"
#include "services/base/clock.h"
#include "services/base/result.h"
#include "services/protocol/content_service.h"

namespace grove::content {

// Limits on what one search may ask for.
inline constexpr int32_t kMaxHitsPerSearch = 10000;
inline constexpr int32_t kMaxQueryNodes = 10000;

// ---- search ----
Result<search::QueryTree> from_protocol(const protocol::QueryTree& tree);
Result<search::SearchRequest> from_protocol(const protocol::SearchRequest& request);
search::CorpusStats from_protocol(const protocol::GlobalStats& stats);
protocol::GlobalStats to_protocol(const search::CorpusStats& stats);
// Hits carry sort data when `order` is not empty.
protocol::SearchReply to_protocol(const NodeSearchResult& result, uint16_t distribution_key,
                                  const std::vector<search::SortSpec>& order);
// memcmp-sortable bytes of a hit's order-by values: ascending keys as is, descending inverted;
// a missing value sorts last either way.
std::string sort_data(const std::vector<search::SortValue>& values,
                      const std::vector<search::SortSpec>& order);

// A gid is 12 bytes on the protocol; InvalidArgument for any other length.
Result<distribution::Gid> gid_from_bytes(const std::string& bytes);
std::string gid_bytes(const distribution::Gid& gid);

// ---- document reads ----
// A visit request; the selection is parsed and checked against `types`. InvalidArgument for a
// bad gid, a negative max_documents or a bad selection.
Result<VisitSpec> from_protocol(const protocol::VisitRequest& request,
                                const document::DocumentTypeRepo& types);
protocol::VisitReply to_protocol(VisitPage page);

// ---- distributor writes ----
// One operation of a feed_batch, moved out of the request. Its deadline is its own timeout_ms
// from now on `clock`, or `call` when it has none.
FeedBatchOp from_protocol(protocol::FeedOperation&& operation, const Clock& clock, const Deadline& call);
// The distributor's answer; `state` (may be null) gives the version, and its string with
// kWrongDistribution.
protocol::FeedReply to_protocol(const FeedResult& result, const distribution::ClusterState* state);
// An operation's answer: its FeedResult, or its error in `error` and `message`.
protocol::FeedReply to_protocol(const Result<FeedResult>& result, const distribution::ClusterState* state);

// ---- replica writes ----
// The writes of a write_batch, moved out of the request (new_bucket included). InvalidArgument
// naming the first write with a timestamp that is not positive.
Result<std::vector<ReplicaWrite>> from_protocol(std::vector<protocol::ReplicaWrite>&& writes);
// One write's answer: applied or not, or its error.
protocol::ReplicaWriteResult to_protocol(const Result<bool>& result);

// ---- buckets ----
// Every field of the store's info (doc_count, tombstone_count, checksum, total_bytes, ready,
// active).
protocol::BucketInfo to_protocol(const store::BucketSummary& bucket);
// Raw bucket ids as BucketIds, in the order given.
std::vector<distribution::BucketId> bucket_ids(const std::vector<uint64_t>& buckets);

// ---- bucket maintenance ----
// `call` names the call in errors ("fetch_entries"). InvalidArgument naming the bucket for a gid
// that is not 12 bytes.
Result<std::vector<distribution::Gid>> from_protocol(const protocol::BucketGids& bucket, const char* call);
// The entries of one bucket, moved out. InvalidArgument naming the bucket for a gid that is not
// 12 bytes or a timestamp that is not positive.
Result<std::vector<store::DocumentEntry>> from_protocol(protocol::BucketEntries&& bucket, const char* call);
// Active implies ready, as the node indexes it, so the state the node reports says so too.
ContentNode::BucketRoleChange from_protocol(const protocol::BucketState& state);
protocol::BucketEntryList to_protocol(distribution::BucketId bucket, const std::vector<store::EntryMeta>& entries);
protocol::BucketEntries to_protocol(distribution::BucketId bucket, std::vector<store::DocumentEntry>&& entries);

}  // namespace grove::content
