#include "services/distribution/bucket_id.h"

#include <fmt/format.h>

#include "services/base/parse_number.h"

namespace grove::distribution {

BucketId BucketId::from_bits(uint32_t used_bits, uint64_t id) {
  uint64_t mask = used_bits >= 58 ? ((1ULL << 58) - 1) : ((1ULL << used_bits) - 1);
  return BucketId((static_cast<uint64_t>(used_bits) << 58) | (id & mask));
}

Result<BucketId> BucketId::parse_hex(std::string_view text) {
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) digits.remove_prefix(2);
  uint64_t raw = 0;
  if (digits.size() > 16 || !parse_number(digits, raw, 16)) {
    return Status::InvalidArgument(
        fmt::format("bucket \"{}\" is not a 64-bit hexadecimal number like 0x4000000000000001",
                    text));
  }
  return BucketId(raw);
}

std::string BucketId::to_hex() const { return fmt::format("0x{:016x}", raw_); }

}  // namespace grove::distribution
