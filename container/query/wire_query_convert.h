#pragma once

// Conversion of the container's query model to the content node's Thrift wire types
// (services/idl/content.thrift): the one place in container/query where wire types appear
// (STYLE habit 9).
//
// The tree is flattened in pre-order: the root is node 0, and each node's children follow it,
// so a node's children always have higher indexes than the node. Terms are sent as the user
// typed them; the content node applies each field's linguistics.
//
// Usage:
//   wire::SearchRequest request;
//   request.query = to_wire(query.root);
//   request.sort = to_wire(query.order_by);
//
// Pure functions; thread-safe. They cannot fail: every QueryItem is valid by construction.

#include <vector>

#include "container/query/query.h"
#include "services/idl/content_types.h"

namespace grove::query {

wire::QueryTree to_wire(const QueryItem& root);
std::vector<wire::SortSpec> to_wire(const std::vector<SortKey>& order);

}  // namespace grove::query
