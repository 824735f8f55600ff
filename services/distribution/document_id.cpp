#include "services/distribution/document_id.h"

#include <fmt/format.h>

#include "services/base/parse_number.h"
#include "services/distribution/md5.h"

namespace grove::distribution {

namespace {

constexpr std::string_view kForm = "id:<namespace>:<doctype>:<n=…|g=…>:<user-specified>";
constexpr size_t kMaxIdBytes = 65535;

uint64_t load_le64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

Status bad_id(std::string_view text, std::string_view why) {
  return Status::InvalidArgument(
      fmt::format("document id \"{}\": {}; expected {}", text, why, kForm));
}

}  // namespace

std::string Gid::to_hex() const {
  std::string out = "0x";
  for (uint8_t b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

Result<DocumentId> DocumentId::parse(std::string_view text) {
  if (text.size() > kMaxIdBytes) {
    return bad_id(text.substr(0, 64), fmt::format("is {} bytes, over the limit of {}",
                                                  text.size(), kMaxIdBytes));
  }
  if (!text.starts_with("id:")) return bad_id(text, "does not start with 'id:'");
  DocumentId id;
  id.text_ = std::string(text);
  // Split off namespace, doctype and key/value part; the rest is the user-specified part.
  Span spans[3];
  size_t pos = 3;
  for (int i = 0; i < 3; ++i) {
    size_t colon = text.find(':', pos);
    if (colon == std::string_view::npos) {
      return bad_id(text, fmt::format("has only {} of the 5 ':'-separated parts", i + 2));
    }
    spans[i] = Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(colon - pos)};
    pos = colon + 1;
  }
  id.ns_ = spans[0];
  id.type_ = spans[1];
  id.user_ = Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(text.size() - pos)};
  if (id.ns_.size == 0) return bad_id(text, "the namespace is empty");
  if (id.type_.size == 0) return bad_id(text, "the document type is empty");
  if (id.user_.size == 0) return bad_id(text, "the user-specified part is empty");

  std::string_view kv = text.substr(spans[2].offset, spans[2].size);
  if (kv.starts_with("n=")) {
    std::string_view digits = kv.substr(2);
    uint64_t n = 0;
    if (!parse_number(digits, n)) {
      return bad_id(text, fmt::format("'{}' is not n=<unsigned 64-bit number>", kv));
    }
    id.number_ = n;
    id.location_ = n;
  } else if (kv.starts_with("g=")) {
    if (kv.size() == 2) return bad_id(text, "the group in 'g=' is empty");
    id.has_group_ = true;
    id.group_ = Span{spans[2].offset + 2, spans[2].size - 2};
    id.location_ = load_le64(md5(kv.substr(2)).data());
  } else if (!kv.empty()) {
    return bad_id(text, fmt::format("key/value part '{}' is neither n=<number> nor g=<group>", kv));
  } else {
    id.location_ = load_le64(md5(id.user_specific()).data());
  }

  std::array<uint8_t, 16> digest = md5(text);
  for (int i = 0; i < 12; ++i) id.gid_.bytes[i] = digest[i];
  for (int i = 0; i < 4; ++i) id.gid_.bytes[i] = static_cast<uint8_t>(id.location_ >> (8 * i));
  return id;
}

std::optional<std::string_view> DocumentId::group() const {
  if (!has_group_) return std::nullopt;
  return part(group_);
}

BucketId DocumentId::bucket() const {
  constexpr uint64_t kGidBits = ((1ULL << 58) - 1) & ~0xFFFFFFFFULL;  // bits 32..57
  uint64_t gid_part = load_le64(gid_.bytes.data() + 4) & kGidBits;
  return BucketId((58ULL << 58) | gid_part | (location_ & 0xFFFFFFFFULL));
}

}  // namespace grove::distribution
