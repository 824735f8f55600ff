#pragma once

// VespaTestVector: one of Vespa's published ideal-state test vector files (a JSON object with
// the cluster state, the stor-distribution config text, the node type, redundancy, up-states and
// the expected nodes or failure per bucket), and the check of Grove's Distribution against it.
//
// Usage:
//   Result<VespaTestVector> v = VespaTestVector::load("simple.java.results");
//   VectorCheck check = v->check();   // check.matched / check.total, check.mismatches
//
// Immutable after load.

#include <cstdint>
#include <string>
#include <vector>

#include "services/base/result.h"

namespace grove::distribution {

struct VectorCheck {
  bool unsupported = false;  // uses a mode Grove does not implement; not a mismatch
  std::string unsupported_reason;
  size_t matched = 0;
  size_t total = 0;
  std::vector<std::string> mismatches;  // one line per mismatching case
};

class VespaTestVector {
 public:
  struct Case {
    std::string bucket_hex;
    std::vector<uint16_t> nodes;
    std::string failure;  // "NONE", "TOO_FEW_BITS", "NO_DISTRIBUTORS_AVAILABLE", ...
  };

  // Reads and parses the file; IoError if unreadable, InvalidArgument if not a test vector.
  static Result<VespaTestVector> load(const std::string& path);

  // Computes every case with Grove's Distribution and compares.
  VectorCheck check() const;

  const std::vector<Case>& cases() const { return cases_; }

 private:
  std::string cluster_state_;
  std::string distribution_text_;
  std::string node_type_;
  uint16_t redundancy_ = 0;
  std::string up_states_;
  std::vector<Case> cases_;
};

}  // namespace grove::distribution
