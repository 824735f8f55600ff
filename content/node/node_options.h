#pragma once

// NodeOptions: how one content node runs: which application package and cluster it belongs to,
// its distribution key, where its data lives, and its limits. Read from the --config file
// (JSON, see docs/node-config.md) and command-line flags.
//
// A plain value type.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::content {

// Where a content node serves its Thrift service.
struct NodeEndpoint {
  std::string host;
  uint16_t port = 0;
  friend bool operator==(const NodeEndpoint&, const NodeEndpoint&) = default;
};

// Parses --nodes: "KEY=HOST:PORT,KEY=HOST:PORT,..." (distribution keys 0..65535, each once).
// InvalidArgument naming the entry that is malformed or repeated.
Result<std::map<uint16_t, NodeEndpoint>> parse_node_endpoints(std::string_view text);

// Bucket maintenance, the distributor's half (content/distributor/docs/maintenance.md).
struct MaintenanceOptions {
  // A full comparison when nothing changed; a new cluster state or config starts one at once.
  std::chrono::milliseconds scan_interval{5000};
  // Between cycles while work remains (merges pending, activations to do).
  std::chrono::milliseconds busy_interval{100};
  // Merges this distributor runs at once (each over one set of nodes and many buckets).
  size_t merge_threads = 4;
  // Merge calls (entries, fetch, apply) a node serves at once, from all distributors; more are
  // refused with ResourceExhausted and retried at the next cycle (Vespa's max merges per node).
  size_t max_merges_per_node = 16;
  // Buckets per merge (entries, fetch and apply calls) and per state or delete call.
  size_t buckets_per_call = 128;
  // Documents fetched and applied per call.
  size_t entries_per_call = 512;
  // How long a maintenance call may take.
  std::chrono::milliseconds call_timeout{10000};
  // How long listing a node's buckets may take (a hung node must not hold up the database).
  std::chrono::milliseconds list_timeout{2000};
  // How long a write waits for the bucket database of a new cluster state.
  std::chrono::milliseconds handover_wait{3000};
};

struct NodeOptions {
  std::string application;  // application package directory
  std::string cluster;      // content cluster id; empty: the package's only content cluster
  uint16_t distribution_key = 0;
  uint64_t config_generation = 1;
  std::string data_dir;
  uint16_t distribution_bits = 16;
  size_t max_document_bytes = 10 << 20;
  uint64_t store_map_size_bytes = 64ull << 30;
  std::chrono::microseconds commit_window{1000};
  // Thrift connections served at once, each on its own thread (a write waits for its group
  // commit on its connection's thread); a client beyond it waits to be accepted.
  size_t rpc_threads = 256;
  // Removed documents leave tombstones for this long, so a merge cannot bring them back.
  std::chrono::seconds tombstone_retention{14 * 24 * 3600};
  std::chrono::seconds maintenance_interval{60};  // how often expired tombstones are purged
  // After a config changes which nodes share a leaf group, queries that name the old layout
  // search the old activation until none came for this long (content/node/docs/node-config.md).
  std::chrono::seconds previous_layout_linger{10};
  // The Thrift endpoint of every content node of the cluster, this one included (--nodes).
  // Empty: the node knows no peers; it stores and searches everything it is sent, and feeds
  // through it (the distributor role) work only in a one-node cluster.
  std::map<uint16_t, NodeEndpoint> nodes;
  // Distributor operations (feed_put, feed_update, feed_remove) in flight at once; more are
  // refused with ResourceExhausted ("overloaded; retry"), which containers turn into 429. The
  // distributor also admits at most rpc_threads / 2, so that replica writes always find a
  // worker (content/distributor/docs/distributor.md).
  size_t max_feed_operations = 2048;
  MaintenanceOptions maintenance;

  // Reads the JSON config file; unknown keys and wrong types are InvalidArgument naming them.
  static Result<NodeOptions> from_file(const std::string& path);
};

}  // namespace grove::content
