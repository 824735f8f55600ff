#pragma once

// Internal: maps a ValueType::Kind to the C++ type FieldValue stores it as, so that code can be
// written once as a template over that type.
//
//   with_kind(ValueType::kInt, [](auto tag) { using T = typename decltype(tag)::type; ... });
//   // T is int32_t

#include <cstdint>
#include <string>

#include "services/base/assert.h"
#include "services/document/value_type.h"

namespace grove::document::detail {

template <typename T>
struct Tag {
  using type = T;
};

// Calls fn(Tag<T>{}) with T the C++ type of `kind`.
template <typename F>
decltype(auto) with_kind(ValueType::Kind kind, F&& fn) {
  switch (kind) {
    case ValueType::kString:
      return fn(Tag<std::string>{});
    case ValueType::kInt:
      return fn(Tag<int32_t>{});
    case ValueType::kLong:
      return fn(Tag<int64_t>{});
    case ValueType::kFloat:
      return fn(Tag<float>{});
    case ValueType::kDouble:
      return fn(Tag<double>{});
    case ValueType::kBool:
      return fn(Tag<bool>{});
    case ValueType::kByte:
      return fn(Tag<int8_t>{});
  }
  GROVE_ASSERT(false);
  return fn(Tag<std::string>{});
}

}  // namespace grove::document::detail
