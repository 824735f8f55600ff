#pragma once

// NodeOptions: how one content node runs: which application package and cluster it belongs to,
// its distribution key, where its data lives, and its limits. Read from the --config file
// (JSON, see docs/node-config.md) and command-line flags.
//
// A plain value type.

#include <chrono>
#include <cstdint>
#include <string>

#include "services/base/result.h"

namespace grove::content {

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
  size_t rpc_threads = 32;  // Thrift workers; each write waits for its group commit on one
  // Removed documents leave tombstones for this long, so a merge cannot bring them back.
  std::chrono::seconds tombstone_retention{14 * 24 * 3600};
  std::chrono::seconds maintenance_interval{60};  // how often expired tombstones are purged

  // Reads the JSON config file; unknown keys and wrong types are InvalidArgument naming them.
  static Result<NodeOptions> from_file(const std::string& path);
};

}  // namespace grove::content
