#pragma once

// PartitionSpec: how a parent group divides the copies of a bucket between its child groups,
// written as in services.xml's `<distribution partitions="1|1|*"/>`.
//
// Each `|`-separated token is a copy count from 1 to 255 or `*` ("whatever is left"); the `*`
// tokens come last. For a redundancy R the spec expands to the copies of the best, second best, ...
// child group (see expand()).
//
// Usage:
//   Result<PartitionSpec> spec = PartitionSpec::parse("1|1|*");
//   std::vector<uint16_t> copies = spec->expand(4);   // {2, 1, 1}
//
// Immutable value type.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::distribution {

class PartitionSpec {
 public:
  // Parses the spec. An empty string, an empty token, a token that is neither a number in
  // 1..255 nor `*`, or a number after a `*` is InvalidArgument, naming the token.
  static Result<PartitionSpec> parse(std::string_view text);

  // The copies given to the best-scoring child, the next, ..., in descending order:
  //  - R <= number of tokens: R entries of 1;
  //  - otherwise every token gets 1, the remaining copies go round-robin to the numeric tokens
  //    (each up to its own value), then round-robin to the `*` tokens.
  // Without any `*` token, copies beyond the sum of the numbers are not placed.
  std::vector<uint16_t> expand(uint16_t redundancy) const;

  // Number of tokens, i.e. of child groups that receive copies.
  size_t size() const { return values_.size(); }
  size_t asterisk_count() const;
  // The spec in its canonical text form, e.g. "1|1|*".
  std::string to_string() const;
  // Token values; 0 stands for `*`.
  const std::vector<uint16_t>& values() const { return values_; }

  friend bool operator==(const PartitionSpec&, const PartitionSpec&) = default;

 private:
  explicit PartitionSpec(std::vector<uint16_t> values) : values_(std::move(values)) {}
  // Invariant: non-empty; every value is 0 (`*`) or 1..255; zeros come last.
  std::vector<uint16_t> values_;
};

}  // namespace grove::distribution
