#pragma once

// ContentCluster: one `<content>` cluster of an application package, validated: its document
// types, copies, node tree and dispatch tuning (DESIGN §3).
//
// Redundancy and searchable-copies are always the TOTAL number of copies in the cluster (the
// self-managed meaning); the Vespa Cloud form `<nodes count groups>` is converted when read.
//
// Usage:
//   const ContentCluster* music = model.find_content_cluster("music");
//   auto distribution = distribution::Distribution::create(music->distribution_config());
//
// Immutable once in an ApplicationModel; the pointers returned point into the cluster.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config-model/model/content_group.h"
#include "config-model/model/dispatch_tuning.h"
#include "services/distribution/distribution_config.h"

namespace grove::config {

struct DocumentRef {
  std::string type;  // the document type, i.e. the schema name
  std::string mode;  // always "index": Grove rejects streaming and store-only
};

struct ContentCluster {
  std::string id;
  std::vector<DocumentRef> documents;
  uint16_t redundancy = 1;         // total copies of each document in the cluster
  uint16_t searchable_copies = 1;  // total ready (indexed) copies; Invariant: <= redundancy
  bool grouped = false;            // true: root holds leaf groups; false: root holds nodes
  ContentGroup root;
  DispatchTuning dispatch;
  double min_node_ratio_per_group = 0.0;
  // <tuning><merges max-per-node="N"/>: bucket-maintenance merge calls a node serves at once
  // (content/distributor/docs/maintenance.md); unset: the node's own option (16).
  std::optional<uint32_t> max_merges_per_node;
  std::optional<double> query_timeout_seconds;

  // Every node of the cluster, ordered by distribution key.
  std::vector<const ContentNode*> all_nodes() const;
  // The groups a query can go to: the leaf groups in document order, or {&root} when flat.
  std::vector<const ContentGroup*> leaf_groups() const;
  // The group tree for placement: redundancy, ready copies, the root (named "invalid", as Vespa
  // names it) with its partitions, and one group per leaf with its path {distribution_key} and
  // its nodes in key order. Distribution::create accepts it for every validated cluster.
  distribution::DistributionConfig distribution_config() const;
};

}  // namespace grove::config
