#include "services/distribution/vespa_test_vector.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simdjson.h>

#include "services/distribution/cluster_state.h"
#include "services/distribution/distribution.h"

namespace grove::distribution {

namespace {

// The failure name Vespa's vectors use for a Status from Distribution.
std::string failure_name(const Status& status) {
  if (status.ok()) return "NONE";
  if (status.code() == StatusCode::kInvalidArgument) return "TOO_FEW_BITS";
  if (status.code() == StatusCode::kUnavailable) return "NO_DISTRIBUTORS_AVAILABLE";
  return "ERROR";
}

bool same_failure(const std::string& expected, const std::string& actual) {
  if (expected == actual) return true;
  // Older vectors spell the bucket-bits failure differently.
  return actual == "TOO_FEW_BITS" && expected.find("BITS") != std::string::npos;
}

}  // namespace

Result<VespaTestVector> VespaTestVector::load(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto error = parser.load(path).get(root);
  if (error == simdjson::IO_ERROR) {
    return Status::IoError(fmt::format("{}: cannot read the file", path));
  }
  if (error) {
    return Status::InvalidArgument(fmt::format("{}: not JSON: {}", path, simdjson::error_message(error)));
  }
  VespaTestVector v;
  try {
    v.cluster_state_ = std::string(std::string_view(root["cluster-state"]));
    v.distribution_text_ = std::string(std::string_view(root["distribution"]));
    v.node_type_ = std::string(std::string_view(root["node-type"]));
    v.redundancy_ = static_cast<uint16_t>(int64_t(root["redundancy"]));
    v.up_states_ = std::string(std::string_view(root["up-states"]));
    for (simdjson::dom::element entry : simdjson::dom::array(root["result"])) {
      Case c;
      c.bucket_hex = std::string(std::string_view(entry["bucket"]));
      c.failure = std::string(std::string_view(entry["failure"]));
      for (simdjson::dom::element node : simdjson::dom::array(entry["nodes"])) {
        c.nodes.push_back(static_cast<uint16_t>(int64_t(node)));
      }
      v.cases_.push_back(std::move(c));
    }
  } catch (const simdjson::simdjson_error& e) {
    return Status::InvalidArgument(fmt::format("{}: not a Vespa test vector: {}", path, e.what()));
  }
  if (v.node_type_ != "distributor" && v.node_type_ != "storage") {
    return Status::InvalidArgument(fmt::format("{}: unknown node-type '{}'", path, v.node_type_));
  }
  return v;
}

VectorCheck VespaTestVector::check() const {
  VectorCheck out;
  out.total = cases_.size();
  auto fail_all = [&](const std::string& why) {
    out.mismatches.push_back(why);
    return out;
  };
  auto config = DistributionConfig::parse_vespa_text(distribution_text_);
  if (!config.ok()) return fail_all("distribution config: " + config.status().message());
  if (config->relative_node_order_scoring) {
    out.unsupported = true;
    out.unsupported_reason = "relative_node_order_scoring true";
    return out;
  }
  auto state = ClusterState::parse(cluster_state_);
  if (!state.ok()) return fail_all("cluster state: " + state.status().message());
  auto distribution = Distribution::create(std::move(config).value());
  if (!distribution.ok()) return fail_all("distribution: " + distribution.status().message());

  for (const Case& c : cases_) {
    auto bucket = BucketId::parse_hex(c.bucket_hex);
    if (!bucket.ok()) {
      out.mismatches.push_back(bucket.status().message());
      continue;
    }
    std::vector<uint16_t> nodes;
    Status status;
    if (node_type_ == "distributor") {
      auto owner = distribution->ideal_distributor(*bucket, *state, up_states_);
      if (owner.ok()) nodes.push_back(*owner); else status = owner.status();
    } else {
      auto ideal = distribution->ideal_storage_nodes(*bucket, *state, up_states_, redundancy_);
      if (ideal.ok()) nodes = *ideal; else status = ideal.status();
    }
    std::string failure = failure_name(status);
    bool match = same_failure(c.failure, failure) && (c.failure != "NONE" || nodes == c.nodes);
    if (match) {
      ++out.matched;
    } else {
      out.mismatches.push_back(fmt::format("bucket {}: expected [{}] {}, got [{}] {}", c.bucket_hex,
                                           fmt::join(c.nodes, ","), c.failure,
                                           fmt::join(nodes, ","), failure));
    }
  }
  return out;
}

}  // namespace grove::distribution
