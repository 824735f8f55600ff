#pragma once

// JsonWriter: builds compact JSON text in one string, for HTTP bodies and CLI output.
//
// Usage:
//   JsonWriter w;
//   w.begin_object();
//   w.key("id").string("id:music:music::1");
//   w.key("hits").begin_array().number(1).number(2.5).end_array();
//   w.end_object();
//   std::string text = std::move(w).take();
//
// The caller keeps the nesting balanced (checked with GROVE_ASSERT); commas are inserted
// automatically. Not thread-safe; one writer per document.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grove {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& number(int64_t value);
  JsonWriter& number(uint64_t value);
  JsonWriter& number(int value) { return number(static_cast<int64_t>(value)); }
  JsonWriter& number(unsigned value) { return number(static_cast<uint64_t>(value)); }
  // Non-finite doubles are written as null, since JSON has no NaN or infinity.
  JsonWriter& number(double value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // Inserts already-serialized JSON as one value.
  JsonWriter& raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string take() && { return std::move(out_); }

  // Appends `text` to `out` as a quoted JSON string with escapes.
  static void append_quoted(std::string& out, std::string_view text);

 private:
  void before_value();

  std::string out_;
  // One entry per open container: true when it already holds an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace grove
