#pragma once

// AttributeView: a query's read-only view of one attribute column: raw typed arrays indexed by
// row (single values) or by per-row offsets (arrays and weighted sets). Hot loops (range
// filters, sorting, attribute(f)) switch on the type once per query and then index the arrays
// directly.
//
// Storage per type (docs/attributes.md): bool -> uint8_t, byte -> int8_t, int -> int32_t,
// long -> int64_t, float -> float, double -> double, string -> uint32_t value ids into a
// dictionary (id 0 is the empty string). A missing value is stored as the type's "undefined":
// the smallest integer, NaN, false, or the empty string.
//
// Thread-safety: a value type; valid while the query holds its generation guard, for rows below
// the snapshot's row limit.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "content/index/doc_ids.h"
#include "content/index/index_config.h"
#include "content/index/string_table.h"

namespace grove::index {

struct NoPayload {};
using StringDictionary = StringTable<NoPayload>;

template <typename T>
constexpr T undefined_value() {
  if constexpr (std::is_floating_point_v<T>) {
    return std::numeric_limits<T>::quiet_NaN();
  } else if constexpr (std::is_same_v<T, uint8_t> || std::is_same_v<T, uint32_t>) {
    return 0;  // bool false; string id of ""
  } else {
    return std::numeric_limits<T>::min();
  }
}

template <typename T>
constexpr bool is_undefined(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::isnan(v);
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return false;
  } else {
    return v == undefined_value<T>();
  }
}

struct AttributeView {
  AttributeType type = AttributeType::kInt;
  AttributeCollection collection = AttributeCollection::kSingle;
  const void* values = nullptr;
  const uint32_t* offsets = nullptr;             // multi-value: [offsets[r], offsets[r + 1])
  const int32_t* weights = nullptr;              // weighted sets, parallel to values
  const StringDictionary* dictionary = nullptr;  // string attributes
  // Numeric attributes: every defined value ever stored lies in [min_value, max_value]
  // (removals do not narrow it); min_value > max_value when none is.
  double min_value = 1;
  double max_value = 0;

  template <typename T>
  const T* as() const {
    return static_cast<const T*>(values);
  }
  bool single() const { return collection == AttributeCollection::kSingle; }

  // The value of a single-value numeric (or bool) attribute as a double; 0 when missing or for
  // other kinds. For per-query setup and tests; hot loops index as<T>() directly.
  double number(RowId row) const;
  // The text of a single-value string attribute ("" when missing).
  std::string_view text(RowId row) const;
  // The text of value id `id` of a string attribute.
  std::string_view text_of(uint32_t id) const { return dictionary->entry(id)->text(); }
};

}  // namespace grove::index
