#include "services/document/field_value.h"

#include <algorithm>

namespace grove::document {

namespace {

constexpr size_t kFirstArray = ValueType::kKindCount;
constexpr size_t kWeightedSetIndex = 2 * ValueType::kKindCount;
static_assert(std::variant_size_v<FieldValue::Storage> == kWeightedSetIndex + 1);
static_assert(
    std::is_same_v<std::variant_alternative_t<ValueType::kByte, FieldValue::Storage>, int8_t>);
static_assert(
    std::is_same_v<std::variant_alternative_t<kFirstArray + ValueType::kInt, FieldValue::Storage>,
                   std::vector<int32_t>>);

}  // namespace

void normalize_weighted_set(WeightedSet& set) {
  if (std::is_sorted(set.begin(), set.end(),
                     [](const auto& a, const auto& b) { return a.key <= b.key; })) {
    return;  // already strictly ascending: the common case for parsed and stored sets
  }
  std::stable_sort(set.begin(), set.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  // Keep the last of each run of equal keys.
  size_t out = 0;
  for (size_t i = 0; i < set.size(); ++i) {
    if (i + 1 < set.size() && set[i + 1].key == set[i].key) continue;
    if (out != i) set[out] = std::move(set[i]);
    ++out;
  }
  set.resize(out);
}

FieldValue::FieldValue(Storage storage) : storage_(std::move(storage)) {
  if (auto* set = std::get_if<WeightedSet>(&storage_)) normalize_weighted_set(*set);
}

ValueType FieldValue::type() const {
  size_t index = storage_.index();
  if (index < kFirstArray) return {static_cast<ValueType::Kind>(index), ValueType::kSingle};
  if (index < kWeightedSetIndex) {
    return {static_cast<ValueType::Kind>(index - kFirstArray), ValueType::kArray};
  }
  return {ValueType::kString, ValueType::kWeightedSet};
}

int64_t FieldValue::integer() const {
  if (auto* v = std::get_if<int32_t>(&storage_)) return *v;
  if (auto* v = std::get_if<int8_t>(&storage_)) return *v;
  return get<int64_t>();
}

double FieldValue::number() const {
  if (auto* v = std::get_if<double>(&storage_)) return *v;
  if (auto* v = std::get_if<float>(&storage_)) return *v;
  return static_cast<double>(integer());
}

}  // namespace grove::document
