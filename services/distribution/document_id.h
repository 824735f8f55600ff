#pragma once

// DocumentId: a parsed Vespa document id, with the GID and bucket it maps to.
//
//   id:<namespace>:<doctype>:<k=v>:<user-specified>
//
// where <k=v> is empty, `n=<unsigned number>` or `g=<group>`. The user-specified part may
// itself contain ':'.
//
// Location (64 bits): the n value; or the first 8 bytes of MD5(g) as little-endian; or the first
// 8 bytes of MD5(user-specified) as little-endian. The GID is the first 12 bytes of MD5 of the
// whole id with bytes 0-3 replaced by the low 32 location bits (little-endian). The bucket uses
// 58 bits: 32 location bits and GID bits 32..57 (DESIGN §4).
//
// Usage:
//   Result<DocumentId> id = DocumentId::parse("id:music:song::a-head-full-of-dreams");
//   id->gid().to_hex();     // "0x..."
//   id->bucket().to_hex();  // "0x..."
//
// Immutable value type.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "services/base/result.h"
#include "services/distribution/bucket_id.h"

namespace grove::distribution {

// Global document id: 12 bytes, identical for an id on every node.
struct Gid {
  std::array<uint8_t, 12> bytes{};

  // "0x" and 24 lower-case hex digits, bytes in order.
  std::string to_hex() const;
  friend bool operator==(const Gid&, const Gid&) = default;
  friend auto operator<=>(const Gid&, const Gid&) = default;
};

class DocumentId {
 public:
  // Parses an id. A malformed id is InvalidArgument naming the part that is wrong.
  static Result<DocumentId> parse(std::string_view text);

  const std::string& str() const { return text_; }
  std::string_view name_space() const { return part(ns_); }
  std::string_view doc_type() const { return part(type_); }
  std::string_view user_specific() const { return part(user_); }
  std::optional<uint64_t> number() const { return number_; }
  std::optional<std::string_view> group() const;

  uint64_t location() const { return location_; }
  const Gid& gid() const { return gid_; }
  // The 58-bit bucket of the document.
  BucketId bucket() const;

 private:
  struct Span {
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  std::string_view part(Span s) const { return std::string_view(text_).substr(s.offset, s.size); }

  std::string text_;
  Span ns_, type_, user_, group_;
  std::optional<uint64_t> number_;
  bool has_group_ = false;
  uint64_t location_ = 0;
  Gid gid_;
};

}  // namespace grove::distribution
