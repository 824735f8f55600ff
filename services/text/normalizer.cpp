#include "services/text/normalizer.h"

#include <utf8proc.h>

#include "services/base/assert.h"
#include "services/text/utf8.h"

namespace grove::text {

namespace {

constexpr utf8proc_option_t kDecomposeOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
constexpr utf8proc_option_t kComposeOptions =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE);

bool is_ascii(char c) {
  return static_cast<unsigned char>(c) < 0x80;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// Length of the ASCII prefix of [begin, end), eight bytes at a time.
size_t ascii_prefix(const char* begin, const char* end) {
  const char* p = begin;
  while (end - p >= 8) {
    uint64_t word;
    __builtin_memcpy(&word, p, 8);
    if (word & 0x8080808080808080ULL) break;
    p += 8;
  }
  while (p < end && is_ascii(*p)) ++p;
  return static_cast<size_t>(p - begin);
}

void append_ascii_lower(const char* begin, size_t size, std::string& out) {
  size_t old = out.size();
  out.resize(old + size);
  char* dst = out.data() + old;
  for (size_t i = 0; i < size; ++i) dst[i] = ascii_lower(begin[i]);
}

}  // namespace

std::string_view Normalizer::normalize(std::string_view text) {
  out_.clear();
  append_normalized(text, out_);
  return out_;
}

void Normalizer::append_normalized(std::string_view text, std::string& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    size_t ascii = ascii_prefix(p, end);
    // The last ASCII character goes with the non-ASCII run: a combining mark may compose with it.
    bool more = p + ascii < end;
    size_t fast = (more && ascii > 0) ? ascii - 1 : ascii;
    append_ascii_lower(p, fast, out);
    p += fast;
    if (!more) break;
    const char* run_end = p + (ascii - fast);
    while (run_end < end && !is_ascii(*run_end)) ++run_end;
    append_non_ascii(std::string_view(p, static_cast<size_t>(run_end - p)), out);
    p = run_end;
  }
}

void Normalizer::append_non_ascii(std::string_view segment, std::string& out) {
  int64_t count = decompose(segment);
  if (count == UTF8PROC_ERROR_INVALIDUTF8) {
    sanitized_.clear();
    append_sanitized_utf8(segment, sanitized_);
    count = decompose(sanitized_);
  }
  GROVE_ASSERT(count >= 0);  // valid UTF-8 and fixed options: utf8proc cannot fail
  count = utf8proc_normalize_utf32(code_points_.data(), count, kComposeOptions);
  GROVE_ASSERT(count >= 0);
  for (int64_t i = 0; i < count; ++i) append_utf8(static_cast<char32_t>(code_points_[i]), out);
}

// Decomposes `segment` into code_points_, growing it as needed. Returns the number of code
// points or a utf8proc error.
int64_t Normalizer::decompose(std::string_view segment) {
  if (code_points_.size() < segment.size() + 8) code_points_.resize(segment.size() + 8);
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(segment.data());
  auto size = static_cast<utf8proc_ssize_t>(segment.size());
  for (;;) {
    auto capacity = static_cast<utf8proc_ssize_t>(code_points_.size());
    utf8proc_ssize_t n = utf8proc_decompose_custom(bytes, size, code_points_.data(), capacity,
                                                   kDecomposeOptions, nullptr, nullptr);
    if (n <= capacity) return n;
    code_points_.resize(static_cast<size_t>(n));
  }
}

std::string normalize(std::string_view text) {
  Normalizer normalizer;
  std::string out;
  out.reserve(text.size());
  normalizer.append_normalized(text, out);
  return out;
}

}  // namespace grove::text
