#pragma once

// find_json_syntax_error: locates the first error in malformed JSON text.
//
// simdjson says *that* a document is malformed but not *where*. Feed clients need the byte
// offset to find the mistake, so when simdjson fails this slower checker (RFC 8259 grammar, UTF-8
// validity, number range, nesting depth) is run on the same text to describe the error.
//
// Usage:
//   if (auto e = find_json_syntax_error(text)) log("at byte {}: {}", e->offset, e->what);
//
// A free function without state; thread-safe. Never used on the success path.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace grove::document {

struct JsonSyntaxError {
  size_t offset;     // 0-based byte offset of the offending byte
  std::string what;  // e.g. "expected ',' or '}'"
};

inline constexpr size_t kMaxJsonDepth = 1024;  // simdjson's default

// The first syntax error in `text`, or nullopt when `text` is one well-formed JSON value
// (with optional surrounding whitespace).
std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text);

}  // namespace grove::document
