#pragma once

// Conversion of the container's query model to the content protocol's query tree
// (services/protocol/search_messages.h), which the dispatcher sends to the content nodes.
//
// The tree is flattened in pre-order: the root is node 0, and each node's children follow it,
// so a node's children always have higher indexes than the node. Terms are sent as the user
// typed them; the content node applies each field's linguistics.
//
// Usage:
//   protocol::SearchRequest request;
//   request.query = to_protocol(query.root);
//   request.sort = to_protocol(query.order_by);
//
// Pure functions; thread-safe. They cannot fail: every QueryItem is valid by construction.

#include <vector>

#include "container/query/query.h"
#include "services/protocol/search_messages.h"

namespace grove::query {

protocol::QueryTree to_protocol(const QueryItem& root);
std::vector<protocol::SortSpec> to_protocol(const std::vector<SortKey>& order);

}  // namespace grove::query
