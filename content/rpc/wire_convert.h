#pragma once

// Conversion between the Thrift wire types of content.thrift and the content node's own types:
// the one place where wire types meet search, store and node types (STYLE habit 9).
//
// Conversions from the wire validate what they read (kinds, child indexes, limits) and return
// InvalidArgument naming the problem; conversions to the wire cannot fail.

#include <string>
#include <vector>

#include "content/distributor/distributor.h"
#include "content/node/content_node.h"
#include "content/node/document_visit.h"
#include "content/search/search_request.h"
#include "services/base/result.h"
#include "services/idl/content_types.h"

namespace grove::content {

// Limits on what one search may ask for.
inline constexpr int32_t kMaxHitsPerSearch = 10000;
inline constexpr int32_t kMaxQueryNodes = 10000;

Result<search::QueryTree> from_wire(const wire::QueryTree& tree);
Result<search::SearchRequest> from_wire(const wire::SearchRequest& request);
search::CorpusStats from_wire(const wire::GlobalStats& stats);
wire::GlobalStats to_wire(const search::CorpusStats& stats);

Result<distribution::Gid> gid_from_wire(const std::string& bytes);
std::string gid_to_wire(const distribution::Gid& gid);

// Hits carry sort data when `order` is not empty.
wire::SearchReply to_wire(const NodeSearchResult& result, uint16_t distribution_key,
                          const std::vector<search::SortSpec>& order);
wire::BucketInfo to_wire(const store::BucketSummary& bucket);
wire::BucketEntry to_wire(const store::DocumentEntry& entry, bool with_document);
wire::BucketEntry to_wire(const store::EntryMeta& entry);
Result<store::DocumentEntry> from_wire(const wire::BucketEntry& entry);

// The distributor's reply; `state` (may be null) gives the version, and its string with
// WRONG_DISTRIBUTION.
wire::FeedReply to_wire(const FeedResult& result, const distribution::ClusterState* state);
FeedPut from_wire(wire::FeedPutRequest request);
FeedUpdate from_wire(const wire::FeedUpdateRequest& request);
FeedRemove from_wire(const wire::FeedRemoveRequest& request);
// A visit request; the selection is parsed and checked against `types`. InvalidArgument for a
// bad gid, a negative max_documents or a bad selection.
Result<VisitSpec> from_wire(const wire::VisitRequest& request, const document::DocumentTypeRepo& types);
wire::VisitReply to_wire(VisitPage page);

// memcmp-sortable bytes of a hit's order-by values: ascending keys as is, descending inverted;
// a missing value sorts last either way.
std::string sort_data(const std::vector<search::SortValue>& values,
                      const std::vector<search::SortSpec>& order);

}  // namespace grove::content
