#include "container/query/wire_query_convert.h"

namespace grove::query {

namespace {

wire::QueryNodeKind::type wire_kind(ItemKind kind) {
  switch (kind) {
    case ItemKind::kTerm: return wire::QueryNodeKind::TERM;
    case ItemKind::kPhrase: return wire::QueryNodeKind::PHRASE;
    case ItemKind::kAnd: return wire::QueryNodeKind::AND;
    case ItemKind::kOr: return wire::QueryNodeKind::OR;
    case ItemKind::kAndNot: return wire::QueryNodeKind::AND_NOT;
    case ItemKind::kWeakAnd: return wire::QueryNodeKind::WEAK_AND;
    case ItemKind::kRange: return wire::QueryNodeKind::RANGE;
    case ItemKind::kTrue: return wire::QueryNodeKind::TRUE;
    case ItemKind::kFalse: return wire::QueryNodeKind::FALSE;
  }
  return wire::QueryNodeKind::FALSE;
}

wire::QueryNode leaf(const QueryItem& item) {
  wire::QueryNode node;
  node.kind = wire_kind(item.kind());
  node.field = item.field();
  node.term = item.text();
  node.phrase_terms = item.words();
  node.weight = item.weight();
  node.target_hits = item.target_hits();
  if (item.lower()) {
    node.__set_lower(item.lower()->value);
    node.lower_inclusive = item.lower()->inclusive;
  }
  if (item.upper()) {
    node.__set_upper(item.upper()->value);
    node.upper_inclusive = item.upper()->inclusive;
  }
  return node;
}

// Appends `item` and its subtree to `nodes`; returns the item's index.
int32_t append(const QueryItem& item, std::vector<wire::QueryNode>& nodes) {
  const auto index = static_cast<int32_t>(nodes.size());
  nodes.push_back(leaf(item));
  std::vector<int32_t> children;
  children.reserve(item.children().size());
  for (const QueryItem& child : item.children()) children.push_back(append(child, nodes));
  nodes[static_cast<size_t>(index)].children = std::move(children);
  return index;
}

}  // namespace

wire::QueryTree to_wire(const QueryItem& root) {
  wire::QueryTree tree;
  tree.nodes.reserve(root.size());
  tree.root = append(root, tree.nodes);
  return tree;
}

std::vector<wire::SortSpec> to_wire(const std::vector<SortKey>& order) {
  std::vector<wire::SortSpec> out;
  out.reserve(order.size());
  for (const SortKey& key : order) {
    wire::SortSpec spec;
    spec.attribute = key.attribute;
    spec.ascending = key.ascending;
    out.push_back(std::move(spec));
  }
  return out;
}

}  // namespace grove::query
