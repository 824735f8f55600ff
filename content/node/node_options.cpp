#include "content/node/node_options.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "services/base/parse_number.h"

namespace grove::content {

namespace {

Status bad(const std::string& path, std::string_view key, std::string_view want) {
  return Status::InvalidArgument(fmt::format("{}: \"{}\" must be {}", path, key, want));
}

template <typename T>
Status read_uint(const std::string& path, std::string_view key, simdjson::dom::element v, T& out,
                 uint64_t max) {
  uint64_t n = 0;
  if (v.get(n) != simdjson::SUCCESS || n > max) {
    return bad(path, key, fmt::format("a whole number in 0..{}", max));
  }
  out = static_cast<T>(n);
  return Status::Ok();
}

// `address` is the HOST:PORT part of `entry`.
Result<NodeEndpoint> parse_endpoint(std::string_view entry, std::string_view address,
                                    std::string_view text) {
  auto bad_entry = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format(
        "--nodes: entry '{}' {} (want KEY=HOST:PORT, e.g. 0=127.0.0.1:19100) in '{}'", entry, why, text));
  };
  size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad_entry("has no HOST:PORT");
  NodeEndpoint endpoint{std::string(address.substr(0, colon)), 0};
  if (!parse_number(address.substr(colon + 1), endpoint.port) || endpoint.port == 0) {
    return bad_entry("has no port in 1..65535");
  }
  return endpoint;
}

}  // namespace

Result<std::map<uint16_t, NodeEndpoint>> parse_node_endpoints(std::string_view text) {
  std::map<uint16_t, NodeEndpoint> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string_view entry = text.substr(start, comma - start);
    start = comma + 1;
    size_t eq = entry.find('=');
    uint16_t key = 0;
    if (eq == std::string_view::npos || !parse_number(entry.substr(0, eq), key)) {
      return Status::InvalidArgument(fmt::format(
          "--nodes: entry '{}' does not start with a distribution key and '=' (want "
          "KEY=HOST:PORT,...) in '{}'", entry, text));
    }
    GROVE_ASSIGN_OR_RETURN(NodeEndpoint endpoint, parse_endpoint(entry, entry.substr(eq + 1), text));
    if (!out.emplace(key, std::move(endpoint)).second) {
      return Status::InvalidArgument(fmt::format("--nodes: key {} is given twice in '{}'", key, text));
    }
  }
  return out;
}

Result<NodeOptions> NodeOptions::from_file(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto error = parser.load(path).get(root);
  if (error == simdjson::IO_ERROR) return Status::IoError(fmt::format("{}: cannot read", path));
  if (error) {
    return Status::InvalidArgument(fmt::format("{}: not JSON: {}", path, simdjson::error_message(error)));
  }
  simdjson::dom::object object;
  if (root.get(object)) return Status::InvalidArgument(path + ": must be a JSON object");
  NodeOptions o;
  for (auto [key, value] : object) {
    std::string_view s;
    if (key == "application" || key == "cluster" || key == "data_dir") {
      if (value.get(s)) return bad(path, key, "a string");
      (key == "application" ? o.application : key == "cluster" ? o.cluster : o.data_dir) = s;
    } else if (key == "distribution_key") {
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, o.distribution_key, 65535));
    } else if (key == "config_generation") {
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, o.config_generation, UINT64_MAX));
    } else if (key == "distribution_bits") {
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, o.distribution_bits, 32));
    } else if (key == "max_document_bytes") {
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, o.max_document_bytes, 1ull << 31));
    } else if (key == "store_map_size_bytes") {
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, o.store_map_size_bytes, 1ull << 44));
    } else if (key == "commit_window_us") {
      uint64_t us = 0;
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, us, 1000000));
      o.commit_window = std::chrono::microseconds(us);
    } else if (key == "previous_layout_linger_s") {
      uint64_t seconds = 0;
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, seconds, 24ull * 3600));
      o.previous_layout_linger = std::chrono::seconds(seconds);
    } else if (key == "tombstone_retention_s" || key == "maintenance_interval_s") {
      uint64_t seconds = 0;
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, seconds, 10ull * 365 * 24 * 3600));
      if (seconds == 0) return bad(path, key, "at least 1");
      (key == "tombstone_retention_s" ? o.tombstone_retention : o.maintenance_interval) =
          std::chrono::seconds(seconds);
    } else if (key == "nodes") {
      if (value.get(s)) return bad(path, key, "a string KEY=HOST:PORT,...");
      GROVE_ASSIGN_OR_RETURN(o.nodes, parse_node_endpoints(s));
    } else if (key == "merges_max_per_node" || key == "merge_threads" || key == "merge_buckets_per_call" ||
               key == "merge_entries_per_call") {
      uint64_t n = 0;
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, n, 1 << 20));
      if (n == 0) return bad(path, key, "at least 1");
      (key == "merges_max_per_node"      ? o.maintenance.max_merges_per_node
       : key == "merge_threads"          ? o.maintenance.merge_threads
       : key == "merge_buckets_per_call" ? o.maintenance.buckets_per_call
                                         : o.maintenance.entries_per_call) = static_cast<size_t>(n);
    } else if (key == "maintenance_scan_interval_ms") {
      uint64_t n = 0;
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, n, 3'600'000));
      if (n == 0) return bad(path, key, "at least 1");
      o.maintenance.scan_interval = std::chrono::milliseconds(n);
    } else if (key == "max_feed_operations") {
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, o.max_feed_operations, 1u << 20));
      if (o.max_feed_operations == 0) return bad(path, key, "at least 1");
    } else if (key == "rpc_threads") {
      GROVE_RETURN_IF_ERROR(read_uint(path, key, value, o.rpc_threads, 1024));
      if (o.rpc_threads == 0) return bad(path, key, "at least 1");
    } else {
      return Status::InvalidArgument(fmt::format(
          "{}: unknown key \"{}\"; known keys: application, cluster, distribution_key, "
          "config_generation, data_dir, distribution_bits, max_document_bytes, "
          "store_map_size_bytes, commit_window_us, rpc_threads, tombstone_retention_s, "
          "maintenance_interval_s, nodes, max_feed_operations, merges_max_per_node, merge_threads, "
          "merge_buckets_per_call, merge_entries_per_call, maintenance_scan_interval_ms, "
          "previous_layout_linger_s", path, key));
    }
  }
  return o;
}

}  // namespace grove::content
