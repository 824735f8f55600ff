#include "container/document/visit_token.h"

#include <fmt/format.h>

#include <algorithm>

namespace grove::container {

namespace {

constexpr uint8_t kVersion = 1;
constexpr size_t kGidBytes = 12;
constexpr size_t kTokenBytes = 1 + 2 + 8 + kGidBytes;
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view bytes) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out.push_back(kAlphabet[(bits >> count) & 0x3F]);
    }
  }
  if (count > 0) out.push_back(kAlphabet[(bits << (6 - count)) & 0x3F]);
  return out;
}

Result<std::string> from_base64url(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) {
      return Status::InvalidArgument(
          fmt::format("malformed continuation token '{}': unexpected '{}'", text, c));
    }
    bits = (bits << 6) | static_cast<uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

template <typename T>
void put_le(std::string& out, T value) {
  for (size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<char>((static_cast<uint64_t>(value) >> (8 * i)) & 0xFF));
}

uint64_t get_le(std::string_view bytes, size_t offset, size_t size) {
  uint64_t value = 0;
  for (size_t i = 0; i < size; ++i)
    value |= uint64_t{static_cast<uint8_t>(bytes[offset + i])} << (8 * i);
  return value;
}

}  // namespace

std::string encode_continuation(const VisitPosition& position) {
  std::string bytes;
  bytes.reserve(kTokenBytes);
  bytes.push_back(static_cast<char>(kVersion));
  put_le(bytes, position.node);
  put_le(bytes, static_cast<uint64_t>(position.after_bucket));
  std::string gid = position.after_gid.substr(0, kGidBytes);
  gid.resize(kGidBytes, '\0');
  bytes += gid;
  return base64url(bytes);
}

Result<VisitPosition> decode_continuation(std::string_view token) {
  GROVE_ASSIGN_OR_RETURN(std::string bytes, from_base64url(token));
  if (bytes.size() != kTokenBytes || static_cast<uint8_t>(bytes[0]) != kVersion ||
      base64url(bytes) != token) {
    return Status::InvalidArgument(fmt::format(
        "malformed continuation token '{}': pass back the token of the previous visit response",
        token));
  }
  VisitPosition position;
  position.node = static_cast<uint16_t>(get_le(bytes, 1, 2));
  position.after_bucket = static_cast<int64_t>(get_le(bytes, 3, 8));
  std::string_view gid = std::string_view(bytes).substr(11, kGidBytes);
  if (std::any_of(gid.begin(), gid.end(), [](char c) { return c != 0; }))
    position.after_gid = std::string(gid);
  return position;
}

}  // namespace grove::container
