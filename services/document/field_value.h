#pragma once

// FieldValue: the value of one document field: a scalar, an array of scalars, or a weighted set
// of strings, stored in its native type (an int is 4 bytes, a float stays a float) so that it
// round-trips exactly through JSON and the binary format.
//
// Usage:
//   FieldValue year = FieldValue::of_int(1999);
//   FieldValue tags = FieldValue::of_weighted_set({{"rock", 10}, {"pop", 5}});
//   year.type();                           // {kInt, kSingle}
//   tags.as_weighted_set().front().key;    // "pop": entries are kept sorted by key
//   std::visit(visitor, year.storage());   // one switch over every representation
//
// Accessing a value as the wrong type is a bug (GROVE_ASSERT). A value type; thread-compatible.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "services/base/assert.h"
#include "services/document/value_type.h"

namespace grove::document {

struct WeightedSetEntry {
  std::string key;
  int32_t weight = 1;
  friend bool operator==(const WeightedSetEntry&, const WeightedSetEntry&) = default;
};
using WeightedSet = std::vector<WeightedSetEntry>;

class FieldValue {
 public:
  // Alternatives 0..6 are the scalars in ValueType::Kind order, 7..13 the arrays in the same
  // order, 14 the weighted set.
  using Storage = std::variant<std::string, int32_t, int64_t, float, double, bool, int8_t,
                               std::vector<std::string>, std::vector<int32_t>, std::vector<int64_t>,
                               std::vector<float>, std::vector<double>, std::vector<bool>,
                               std::vector<int8_t>, WeightedSet>;

  FieldValue() = default;  // an empty string
  // A weighted set is normalized: sorted by key, and a repeated key keeps its last weight.
  explicit FieldValue(Storage storage);

  static FieldValue of_string(std::string v) { return FieldValue(Storage(std::move(v))); }
  static FieldValue of_int(int32_t v) { return FieldValue(Storage(v)); }
  static FieldValue of_long(int64_t v) { return FieldValue(Storage(v)); }
  static FieldValue of_float(float v) { return FieldValue(Storage(v)); }
  static FieldValue of_double(double v) { return FieldValue(Storage(v)); }
  static FieldValue of_bool(bool v) { return FieldValue(Storage(v)); }
  static FieldValue of_byte(int8_t v) { return FieldValue(Storage(v)); }
  template <typename T>
  static FieldValue of_array(std::vector<T> v) {
    return FieldValue(Storage(std::move(v)));
  }
  static FieldValue of_weighted_set(WeightedSet v) { return FieldValue(Storage(std::move(v))); }

  ValueType type() const;
  const Storage& storage() const { return storage_; }

  const std::string& as_string() const { return get<std::string>(); }
  int32_t as_int() const { return get<int32_t>(); }
  int64_t as_long() const { return get<int64_t>(); }
  float as_float() const { return get<float>(); }
  double as_double() const { return get<double>(); }
  bool as_bool() const { return get<bool>(); }
  int8_t as_byte() const { return get<int8_t>(); }
  template <typename T>
  const std::vector<T>& as_array() const {
    return get<std::vector<T>>();
  }
  // Sorted by key, keys unique.
  const WeightedSet& as_weighted_set() const { return get<WeightedSet>(); }

  // Any integer scalar (byte, int, long) widened to 64 bits.
  int64_t integer() const;
  // Any numeric scalar (byte, int, long, float, double) as a double.
  double number() const;

  friend bool operator==(const FieldValue&, const FieldValue&) = default;

 private:
  template <typename T>
  const T& get() const {
    const T* v = std::get_if<T>(&storage_);
    GROVE_ASSERT(v != nullptr);
    return *v;
  }

  // Invariant: a WeightedSet alternative is sorted by key with unique keys.
  Storage storage_;
};

// Sorts `set` by key; of entries with the same key only the last one is kept.
void normalize_weighted_set(WeightedSet& set);

}  // namespace grove::document
