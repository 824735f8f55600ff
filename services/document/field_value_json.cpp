#include "services/document/field_value_json.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <type_traits>

#include "services/document/kind_dispatch.h"

namespace grove::document {

namespace dom = simdjson::dom;

namespace {

using detail::with_kind;

constexpr int64_t kNoIndex = -1;
// The smallest magnitude that rounds to infinity as a float: FLT_MAX plus half its ulp.
constexpr double kFloatOverflow =
    0x1.ffffffp127;  // the value is the field itself, not an array element

std::string subject(int64_t index) {
  return index == kNoIndex ? "got" : fmt::format("element {} is", index);
}

Status wrong_type(const FieldDef& f, int64_t index, dom::element json) {
  return Status::InvalidArgument(fmt::format("field '{}' is {} but {} {}", f.name,
                                             f.type.to_string(), subject(index),
                                             describe_json(json)));
}

Status out_of_range(const FieldDef& f, int64_t index, std::string_view value,
                    std::string_view range) {
  std::string what =
      index == kNoIndex ? std::string(value) : fmt::format("element {} ({})", index, value);
  return Status::InvalidArgument(fmt::format("field '{}' is {} but {} is out of range {}", f.name,
                                             f.type.to_string(), what, range));
}

bool is_number(dom::element json) {
  return json.is_int64() || json.is_uint64() || json.is_double();
}

template <typename T>
Result<T> integer_from_json(const FieldDef& f, dom::element json, int64_t index) {
  constexpr int64_t lo = std::numeric_limits<T>::min();
  constexpr int64_t hi = std::numeric_limits<T>::max();
  std::string range = fmt::format("[{}, {}]", lo, hi);
  if (json.is_int64()) {
    int64_t v = json.get_int64().value();
    if (v < lo || v > hi) return out_of_range(f, index, std::to_string(v), range);
    return static_cast<T>(v);
  }
  if (json.is_uint64())
    return out_of_range(f, index, std::to_string(json.get_uint64().value()), range);
  return wrong_type(f, index, json);
}

template <typename T>
Result<T> float_from_json(const FieldDef& f, dom::element json, int64_t index) {
  if (!is_number(json)) return wrong_type(f, index, json);
  double v = json.get_double().value();  // simdjson converts integers too
  if constexpr (std::is_same_v<T, float>) {
    if (std::fabs(v) >= kFloatOverflow) {
      return out_of_range(f, index, fmt::format("{}", v), "of float");
    }
  }
  return static_cast<T>(v);
}

template <typename T>
Result<T> scalar_from_json(const FieldDef& f, dom::element json, int64_t index) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!json.is_string()) return wrong_type(f, index, json);
    return std::string(json.get_string().value());
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!json.is_bool()) return wrong_type(f, index, json);
    return json.get_bool().value();
  } else if constexpr (std::is_floating_point_v<T>) {
    return float_from_json<T>(f, json, index);
  } else {
    return integer_from_json<T>(f, json, index);
  }
}

template <typename T>
Result<FieldValue> single_from_json(const FieldDef& f, dom::element json) {
  Result<T> v = scalar_from_json<T>(f, json, kNoIndex);
  if (!v.ok()) return v.status();
  return FieldValue(FieldValue::Storage(std::move(v).value()));
}

template <typename T>
Result<FieldValue> array_from_json(const FieldDef& f, dom::element json) {
  if (!json.is_array()) return wrong_type(f, kNoIndex, json);
  dom::array array = json.get_array().value();
  std::vector<T> out;
  out.reserve(array.size());
  int64_t index = 0;
  for (dom::element e : array) {
    Result<T> v = scalar_from_json<T>(f, e, index++);
    if (!v.ok()) return v.status();
    out.push_back(std::move(v).value());
  }
  return FieldValue(FieldValue::Storage(std::move(out)));
}

Result<FieldValue> weighted_set_from_json(const FieldDef& f, dom::element json) {
  if (!json.is_object()) {
    return Status::InvalidArgument(
        fmt::format("field '{}' is {} but got {}, not an object {{\"key\": weight}}", f.name,
                    f.type.to_string(), describe_json(json)));
  }
  WeightedSet out;
  dom::object object = json.get_object().value();  // a copy: value() of a temporary dangles
  for (dom::key_value_pair kv : object) {
    if (!kv.value.is_int64() || kv.value.get_int64().value() < INT32_MIN ||
        kv.value.get_int64().value() > INT32_MAX) {
      return Status::InvalidArgument(
          fmt::format("field '{}' is {} but the weight of \"{}\" is {}, not a 32-bit integer",
                      f.name, f.type.to_string(), kv.key, describe_json(kv.value)));
    }
    out.push_back({std::string(kv.key), static_cast<int32_t>(kv.value.get_int64().value())});
  }
  return FieldValue::of_weighted_set(std::move(out));
}

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view clip(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

void write_scalar_json(const std::string& v, JsonWriter& w) {
  w.string(v);
}
void write_scalar_json(bool v, JsonWriter& w) {
  w.boolean(v);
}
void write_scalar_json(int8_t v, JsonWriter& w) {
  w.number(static_cast<int64_t>(v));
}
void write_scalar_json(int32_t v, JsonWriter& w) {
  w.number(static_cast<int64_t>(v));
}
void write_scalar_json(int64_t v, JsonWriter& w) {
  w.number(v);
}
void write_scalar_json(double v, JsonWriter& w) {
  w.number(v);
}  // shortest round-trip form

void write_scalar_json(float v, JsonWriter& w) {
  if (!std::isfinite(v)) {
    w.null();
    return;
  }
  // Formatting the float itself (not widened to double) gives its shortest form: 0.1f -> "0.1".
  char buffer[32];
  auto end = fmt::format_to_n(buffer, sizeof(buffer), "{}", v);
  w.raw(std::string_view(buffer, end.size));
}

}  // namespace

std::string describe_json(dom::element json) {
  switch (json.type()) {
    case dom::element_type::STRING: {
      std::string_view s = json.get_string().value();
      std::string_view c = clip(s, 40);
      return fmt::format("string \"{}{}\"", c, c.size() < s.size() ? "..." : "");
    }
    case dom::element_type::INT64:
      return fmt::format("number {}", json.get_int64().value());
    case dom::element_type::UINT64:
      return fmt::format("number {}", json.get_uint64().value());
    case dom::element_type::DOUBLE:
      return fmt::format("number {}", json.get_double().value());
    case dom::element_type::BOOL:
      return json.get_bool().value() ? "boolean true" : "boolean false";
    case dom::element_type::NULL_VALUE:
      return "null";
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
  }
  return "a value";
}

Result<FieldValue> value_from_json(const FieldDef& f, dom::element json) {
  switch (f.type.collection) {
    case ValueType::kSingle:
      return with_kind(f.type.element, [&](auto tag) {
        return single_from_json<typename decltype(tag)::type>(f, json);
      });
    case ValueType::kArray:
      return with_kind(f.type.element, [&](auto tag) {
        return array_from_json<typename decltype(tag)::type>(f, json);
      });
    case ValueType::kWeightedSet:
      break;
  }
  return weighted_set_from_json(f, json);
}

Result<FieldValue> operand_from_json(const FieldDef& f, std::string_view op, dom::element json) {
  if (json.is_int64()) return FieldValue::of_long(json.get_int64().value());
  if (is_number(json)) return FieldValue::of_double(json.get_double().value());
  return Status::InvalidArgument(
      fmt::format("{} of field '{}' needs a number but got {}", op, f.name, describe_json(json)));
}

Result<FieldValue> weighted_set_keys_from_json(const FieldDef& f, dom::element json) {
  WeightedSet keys;
  if (json.is_object()) {
    dom::object object = json.get_object().value();  // a copy: value() of a temporary dangles
    for (dom::key_value_pair kv : object) keys.push_back({std::string(kv.key), 0});
    return FieldValue::of_weighted_set(std::move(keys));
  }
  if (json.is_array()) {
    dom::array array = json.get_array().value();  // a copy: value() of a temporary dangles
    for (dom::element e : array) {
      if (!e.is_string()) {
        return Status::InvalidArgument(fmt::format(
            "remove from field '{}' needs key strings but got {}", f.name, describe_json(e)));
      }
      keys.push_back({std::string(e.get_string().value()), 0});
    }
    return FieldValue::of_weighted_set(std::move(keys));
  }
  return Status::InvalidArgument(fmt::format(
      "remove from field '{}' needs an object {{\"key\": 0}} or an array of keys but got {}",
      f.name, describe_json(json)));
}

void write_value_json(const FieldValue& value, JsonWriter& w) {
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, WeightedSet>) {
          w.begin_object();
          for (const WeightedSetEntry& e : v) w.key(e.key).number(static_cast<int64_t>(e.weight));
          w.end_object();
        } else if constexpr (std::is_same_v<V, std::vector<bool>>) {
          w.begin_array();
          for (bool b : v) w.boolean(b);
          w.end_array();
        } else if constexpr (std::is_same_v<V, std::string> || std::is_arithmetic_v<V>) {
          write_scalar_json(v, w);
        } else {
          w.begin_array();
          for (const auto& e : v) write_scalar_json(e, w);
          w.end_array();
        }
      },
      value.storage());
}

}  // namespace grove::document
