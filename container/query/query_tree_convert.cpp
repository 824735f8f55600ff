#include "container/query/query_tree_convert.h"

namespace grove::query {

namespace {

protocol::QueryNodeKind protocol_kind(ItemKind kind) {
  switch (kind) {
    case ItemKind::kTerm: return protocol::QueryNodeKind::kTerm;
    case ItemKind::kPhrase: return protocol::QueryNodeKind::kPhrase;
    case ItemKind::kAnd: return protocol::QueryNodeKind::kAnd;
    case ItemKind::kOr: return protocol::QueryNodeKind::kOr;
    case ItemKind::kAndNot: return protocol::QueryNodeKind::kAndNot;
    case ItemKind::kWeakAnd: return protocol::QueryNodeKind::kWeakAnd;
    case ItemKind::kRange: return protocol::QueryNodeKind::kRange;
    case ItemKind::kTrue: return protocol::QueryNodeKind::kTrue;
    case ItemKind::kFalse: return protocol::QueryNodeKind::kFalse;
  }
  return protocol::QueryNodeKind::kFalse;
}

protocol::QueryNode leaf(const QueryItem& item) {
  protocol::QueryNode node;
  node.kind = protocol_kind(item.kind());
  node.field = item.field();
  node.term = item.text();
  node.phrase_terms = item.words();
  node.weight = item.weight();
  node.target_hits = item.target_hits();
  if (item.lower()) {
    node.lower = item.lower()->value;
    node.lower_inclusive = item.lower()->inclusive;
  }
  if (item.upper()) {
    node.upper = item.upper()->value;
    node.upper_inclusive = item.upper()->inclusive;
  }
  return node;
}

// Appends `item` and its subtree to `nodes`; returns the item's index.
int32_t append(const QueryItem& item, std::vector<protocol::QueryNode>& nodes) {
  const auto index = static_cast<int32_t>(nodes.size());
  nodes.push_back(leaf(item));
  std::vector<int32_t> children;
  children.reserve(item.children().size());
  for (const QueryItem& child : item.children()) children.push_back(append(child, nodes));
  nodes[static_cast<size_t>(index)].children = std::move(children);
  return index;
}

}  // namespace

protocol::QueryTree to_protocol(const QueryItem& root) {
  protocol::QueryTree tree;
  tree.nodes.reserve(root.size());
  tree.root = append(root, tree.nodes);
  return tree;
}

std::vector<protocol::SortSpec> to_protocol(const std::vector<SortKey>& order) {
  std::vector<protocol::SortSpec> out;
  out.reserve(order.size());
  for (const SortKey& key : order) {
    protocol::SortSpec spec;
    spec.attribute = key.attribute;
    spec.ascending = key.ascending;
    out.push_back(std::move(spec));
  }
  return out;
}

}  // namespace grove::query
