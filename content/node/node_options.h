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
  // The Thrift endpoint of every content node of the cluster, this one included (--nodes).
  // Empty: the node knows no peers; it stores and searches everything it is sent, and feeds
  // through it (the distributor role) work only in a one-node cluster.
  std::map<uint16_t, NodeEndpoint> nodes;
  // Distributor operations (feed_put, feed_update, feed_remove) in flight at once; more are
  // refused with ResourceExhausted ("overloaded; retry"), which containers turn into 429. The
  // distributor also admits at most rpc_threads / 2, so that replica writes always find a
  // worker (content/distributor/docs/distributor.md).
  size_t max_feed_operations = 2048;

  // Reads the JSON config file; unknown keys and wrong types are InvalidArgument naming them.
  static Result<NodeOptions> from_file(const std::string& path);
};

}  // namespace grove::content
