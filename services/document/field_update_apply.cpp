#include "services/document/field_update_apply.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace grove::document::detail {

namespace {

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

Status division_by_zero(const FieldUpdate& u) {
  return Status::InvalidArgument(fmt::format("divide of field '{}' by zero", u.field->name));
}

Status out_of_range(const FieldUpdate& u, std::string_view result) {
  return Status::InvalidArgument(fmt::format("{} of field '{}' gives {}, out of range for {}",
                                             update_op_name(u.op), u.field->name, result,
                                             u.field->type.to_string()));
}

// Exact 64-bit integer arithmetic; false on overflow.
bool integer_op(UpdateOp op, int64_t a, int64_t b, int64_t& out) {
  switch (op) {
    case UpdateOp::kIncrement:
      return !__builtin_add_overflow(a, b, &out);
    case UpdateOp::kDecrement:
      return !__builtin_sub_overflow(a, b, &out);
    case UpdateOp::kMultiply:
      return !__builtin_mul_overflow(a, b, &out);
    default:
      if (a == std::numeric_limits<int64_t>::min() && b == -1) return false;
      out = a / b;
      return true;
  }
}

double double_op(UpdateOp op, double a, double b) {
  switch (op) {
    case UpdateOp::kIncrement:
      return a + b;
    case UpdateOp::kDecrement:
      return a - b;
    case UpdateOp::kMultiply:
      return a * b;
    default:
      return a / b;
  }
}

Result<FieldValue> integer_value(const FieldUpdate& u, int64_t v) {
  switch (u.field->type.element) {
    case ValueType::kByte:
      if (v < INT8_MIN || v > INT8_MAX) return out_of_range(u, std::to_string(v));
      return FieldValue::of_byte(static_cast<int8_t>(v));
    case ValueType::kInt:
      if (v < INT32_MIN || v > INT32_MAX) return out_of_range(u, std::to_string(v));
      return FieldValue::of_int(static_cast<int32_t>(v));
    default:
      return FieldValue::of_long(v);
  }
}

Result<FieldValue> integer_arithmetic(const FieldUpdate& u, const FieldValue* current) {
  int64_t a = current ? current->integer() : 0;
  if (u.value.type().element == ValueType::kLong) {
    int64_t b = u.value.as_long();
    if (u.op == UpdateOp::kDivide && b == 0) return division_by_zero(u);
    int64_t result;
    if (!integer_op(u.op, a, b, result)) return out_of_range(u, "an overflow");
    return integer_value(u, result);
  }
  double b = u.value.as_double();
  if (u.op == UpdateOp::kDivide && b == 0) return division_by_zero(u);
  double r = std::trunc(double_op(u.op, static_cast<double>(a), b));
  if (!(r >= -0x1p63 && r < 0x1p63)) return out_of_range(u, fmt::format("{}", r));
  return integer_value(u, static_cast<int64_t>(r));
}

Result<FieldValue> float_arithmetic(const FieldUpdate& u, const FieldValue* current) {
  double a = current ? current->number() : 0;
  double b = u.value.number();
  if (u.op == UpdateOp::kDivide && b == 0) return division_by_zero(u);
  double r = double_op(u.op, a, b);
  if (!std::isfinite(r)) return out_of_range(u, fmt::format("{}", r));
  if (u.field->type.element == ValueType::kDouble) return FieldValue::of_double(r);
  if (std::fabs(r) >= 0x1.ffffffp127)
    return out_of_range(u, fmt::format("{}", r));  // rounds to inf
  return FieldValue::of_float(static_cast<float>(r));
}

FieldValue add_to_weighted_set(const FieldValue* current, const WeightedSet& add) {
  WeightedSet out = current ? current->as_weighted_set() : WeightedSet{};
  out.insert(out.end(), add.begin(), add.end());
  return FieldValue::of_weighted_set(std::move(out));  // a key added again takes the new weight
}

FieldValue remove_from_weighted_set(const FieldValue* current, const WeightedSet& remove) {
  WeightedSet out;
  for (const WeightedSetEntry& e : current->as_weighted_set()) {
    bool removed = std::binary_search(remove.begin(), remove.end(), e,
                                      [](const auto& a, const auto& b) { return a.key < b.key; });
    if (!removed) out.push_back(e);
  }
  return FieldValue::of_weighted_set(std::move(out));
}

template <typename V>
FieldValue add_to_array(const FieldValue* current, const V& add) {
  V out = current ? std::get<V>(current->storage()) : V{};
  out.insert(out.end(), add.begin(), add.end());
  return FieldValue(FieldValue::Storage(std::move(out)));
}

template <typename V>
FieldValue remove_from_array(const FieldValue* current, const V& remove) {
  V out;
  for (const auto& element : std::get<V>(current->storage())) {
    if (std::find(remove.begin(), remove.end(), element) == remove.end()) out.push_back(element);
  }
  return FieldValue(FieldValue::Storage(std::move(out)));
}

std::optional<FieldValue> collection_update(const FieldUpdate& u, const FieldValue* current) {
  if (u.op == UpdateOp::kRemove && current == nullptr) return std::nullopt;
  return std::visit(
      [&](const auto& v) -> FieldValue {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, WeightedSet>) {
          return u.op == UpdateOp::kAdd ? add_to_weighted_set(current, v)
                                        : remove_from_weighted_set(current, v);
        } else if constexpr (IsVector<V>::value) {
          return u.op == UpdateOp::kAdd ? add_to_array(current, v) : remove_from_array(current, v);
        } else {
          GROVE_ASSERT(false);  // check_field_update() admits only collections here
          return FieldValue();
        }
      },
      u.value.storage());
}

}  // namespace

Result<std::optional<FieldValue>> apply_field_update(const FieldUpdate& u,
                                                     const FieldValue* current) {
  switch (u.op) {
    case UpdateOp::kAssign:
      return std::optional<FieldValue>(u.value);
    case UpdateOp::kClear:
      return std::optional<FieldValue>();
    case UpdateOp::kAdd:
    case UpdateOp::kRemove:
      return collection_update(u, current);
    default:
      break;
  }
  Result<FieldValue> value =
      u.field->type.is_integer() ? integer_arithmetic(u, current) : float_arithmetic(u, current);
  if (!value.ok()) return value.status();
  return std::optional<FieldValue>(std::move(value).value());
}

}  // namespace grove::document::detail
