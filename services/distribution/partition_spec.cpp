#include "services/distribution/partition_spec.h"

#include "services/base/parse_number.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace grove::distribution {

namespace {

// Gives one more copy to each entry of [begin, end) in turn while it is below its cap (0 = no
// cap), until `left` copies are placed or no entry can take one. Returns the copies not placed.
uint16_t deal_round_robin(std::vector<uint16_t>& copies, const std::vector<uint16_t>& caps,
                          size_t begin, size_t end, uint16_t left) {
  bool placed = true;
  while (left > 0 && placed) {
    placed = false;
    for (size_t i = begin; i < end && left > 0; ++i) {
      if (caps[i] == 0 || copies[i] < caps[i]) {
        ++copies[i];
        --left;
        placed = true;
      }
    }
  }
  return left;
}

}  // namespace

Result<PartitionSpec> PartitionSpec::parse(std::string_view text) {
  if (text.empty()) {
    return Status::InvalidArgument("partition spec is empty; expected e.g. \"1|*\"");
  }
  std::vector<uint16_t> values;
  bool seen_asterisk = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find('|', start), text.size());
    std::string_view token = text.substr(start, end - start);
    if (token == "*") {
      seen_asterisk = true;
      values.push_back(0);
    } else {
      unsigned value = 0;
      if (!parse_number(token, value) || value < 1 || value > 255) {
        return Status::InvalidArgument(fmt::format(
            "partition spec \"{}\": token {} \"{}\" is not a copy count in 1..255 or '*'", text,
            values.size() + 1, token));
      }
      if (seen_asterisk) {
        return Status::InvalidArgument(fmt::format(
            "partition spec \"{}\": token {} \"{}\" follows a '*'; the '*' tokens must come last",
            text, values.size() + 1, token));
      }
      values.push_back(static_cast<uint16_t>(value));
    }
    start = end + 1;
  }
  return PartitionSpec(std::move(values));
}

size_t PartitionSpec::asterisk_count() const {
  return static_cast<size_t>(std::count(values_.begin(), values_.end(), 0));
}

std::vector<uint16_t> PartitionSpec::expand(uint16_t redundancy) const {
  if (redundancy <= values_.size()) return std::vector<uint16_t>(redundancy, 1);
  std::vector<uint16_t> copies(values_.size(), 1);
  uint16_t left = static_cast<uint16_t>(redundancy - values_.size());
  size_t first_asterisk = values_.size() - asterisk_count();
  left = deal_round_robin(copies, values_, 0, first_asterisk, left);
  deal_round_robin(copies, values_, first_asterisk, values_.size(), left);
  std::sort(copies.begin(), copies.end(), std::greater<>());
  return copies;
}

std::string PartitionSpec::to_string() const {
  std::string out;
  for (size_t i = 0; i < values_.size(); ++i) {
    if (i > 0) out += '|';
    out += values_[i] == 0 ? std::string("*") : std::to_string(values_[i]);
  }
  return out;
}

}  // namespace grove::distribution
