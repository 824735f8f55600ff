#include "services/text/utf8.h"

namespace grove::text {

namespace {

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The valid range of the second byte for lead byte `lead` (Unicode Table 3-7); other
// continuation bytes are 0x80..0xBF.
void second_byte_range(unsigned char lead, unsigned char& lo, unsigned char& hi) {
  lo = 0x80;
  hi = 0xBF;
  if (lead == 0xE0) lo = 0xA0;  // no overlong 3-byte forms
  if (lead == 0xED) hi = 0x9F;  // no surrogates
  if (lead == 0xF0) lo = 0x90;  // no overlong 4-byte forms
  if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
}

uint32_t sequence_length(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;  // ASCII is handled by the caller; 0x80..0xC1 and 0xF5..0xFF never start a sequence
}

}  // namespace

DecodedChar decode_utf8(const unsigned char* p, const unsigned char* end) {
  unsigned char lead = p[0];
  if (lead < 0x80) return {lead, 1, true};
  uint32_t length = sequence_length(lead);
  if (length == 0) return {0, 1, false};
  unsigned char lo, hi;
  second_byte_range(lead, lo, hi);
  char32_t cp = lead & (0xFF >> (length + 1));
  for (uint32_t i = 1; i < length; ++i) {
    if (p + i >= end) return {0, i, false};
    unsigned char c = p[i];
    bool ok = i == 1 ? (c >= lo && c <= hi) : is_continuation(c);
    if (!ok) return {0, i, false};
    cp = (cp << 6) | (c & 0x3F);
  }
  return {cp, length, true};
}

DecodedChar decode_valid_utf8(const unsigned char* p) {
  unsigned char lead = p[0];
  if (lead < 0x80) return {lead, 1, true};
  if (lead < 0xE0) return {char32_t((lead & 0x1F) << 6 | (p[1] & 0x3F)), 2, true};
  if (lead < 0xF0) {
    return {char32_t((lead & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F)), 3, true};
  }
  return {char32_t((lead & 0x07) << 18 | (p[1] & 0x3F) << 12 | (p[2] & 0x3F) << 6 | (p[3] & 0x3F)),
          4, true};
}

void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool append_sanitized_utf8(std::string_view in, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const auto* end = p + in.size();
  bool valid = true;
  while (p < end) {
    DecodedChar d = decode_utf8(p, end);
    if (d.valid) {
      out.append(reinterpret_cast<const char*>(p), d.length);
    } else {
      append_utf8(kReplacementCharacter, out);
      valid = false;
    }
    p += d.length;
  }
  return valid;
}

}  // namespace grove::text
