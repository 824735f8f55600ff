#include "content/index/attribute_column.h"

#include <fmt/format.h>

#include <atomic>
#include <limits>
#include <optional>
#include <type_traits>

#include "content/index/rcu_vector.h"

namespace grove::index {
namespace {

const char* kind_of(const AttributeValue& v) {
  static constexpr const char* kNames[] = {"missing",      "integer",      "double",
                                           "bool",         "string",       "integer array",
                                           "double array", "string array", "weighted set"};
  return kNames[v.index()];
}

Status type_error(const AttributeFieldConfig& c, const AttributeValue& v) {
  const char* collection = c.collection == AttributeCollection::kSingle  ? ""
                           : c.collection == AttributeCollection::kArray ? "array of "
                                                                         : "weighted set of ";
  return Status::InvalidArgument(fmt::format("attribute '{}' ({}{}): cannot store a {} value",
                                             c.name, collection, attribute_type_name(c.type),
                                             kind_of(v)));
}

// Converts one integer or double to the storage type T, or nullopt when it does not fit.
template <typename T>
std::optional<T> element_of(int64_t x) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(x);
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    if (x != 0 && x != 1) return std::nullopt;
    return static_cast<T>(x);
  } else {
    if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max()) return std::nullopt;
    return static_cast<T>(x);
  }
}

template <typename T>
std::optional<T> element_of(double x) {
  if constexpr (std::is_floating_point_v<T>) return static_cast<T>(x);
  return std::nullopt;
}

template <typename T>
std::optional<T> scalar_of(const AttributeValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) {
    if constexpr (std::is_same_v<T, uint8_t>) return static_cast<T>(*b ? 1 : 0);
    return std::nullopt;
  }
  if (const auto* i = std::get_if<int64_t>(&v)) return element_of<T>(*i);
  if (const auto* d = std::get_if<double>(&v)) return element_of<T>(*d);
  return std::nullopt;
}

// Calls `add(T)` for each element of a numeric array value; false if one does not fit.
template <typename T, typename F>
bool for_each_element(const AttributeValue& v, F&& add) {
  auto each = [&](const auto& list) {
    for (const auto& x : list) {
      std::optional<T> e = element_of<T>(x);
      if (!e) return false;
      add(*e);
    }
    return true;
  };
  if (const auto* ints = std::get_if<std::vector<int64_t>>(&v)) return each(*ints);
  if (const auto* doubles = std::get_if<std::vector<double>>(&v)) return each(*doubles);
  return false;
}

bool is_missing(const AttributeValue* v) {
  return v == nullptr || std::holds_alternative<std::monostate>(*v);
}

// The range of the defined values stored so far; widened by the writer, read by queries.
class ValueRange {
 public:
  template <typename T>
  void add(T v) {
    if (is_undefined(v)) return;
    const auto x = static_cast<double>(v);
    if (x < min_.load(std::memory_order_relaxed)) min_.store(x, std::memory_order_relaxed);
    if (x > max_.load(std::memory_order_relaxed)) max_.store(x, std::memory_order_relaxed);
  }
  void fill(AttributeView& view) const {
    view.min_value = min_.load(std::memory_order_relaxed);
    view.max_value = max_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<double> min_{std::numeric_limits<double>::infinity()};
  std::atomic<double> max_{-std::numeric_limits<double>::infinity()};
};

template <typename T>
class SingleColumn final : public AttributeColumn {
 public:
  SingleColumn(const AttributeFieldConfig& c, GenerationHolder& h)
      : AttributeColumn(c), values_(h) {}
  Status check(const AttributeValue& v) const override {
    if (is_missing(&v) || scalar_of<T>(v)) return Status::Ok();
    return type_error(config(), v);
  }
  void append(const AttributeValue* v) override {
    const T value = is_missing(v) ? undefined_value<T>() : *scalar_of<T>(*v);
    range_.add(value);
    values_.push_back(value);
  }
  AttributeView view() const override {
    AttributeView view{config().type, config().collection, values_.data(), nullptr, nullptr,
                       nullptr};
    range_.fill(view);
    return view;
  }
  size_t allocated_bytes() const override { return values_.allocated_bytes(); }
  void shrink_to_fit() override { values_.shrink_to_fit(); }

 private:
  RcuVector<T> values_;
  ValueRange range_;
};

class StringColumn final : public AttributeColumn {
 public:
  StringColumn(const AttributeFieldConfig& c, GenerationHolder& h)
      : AttributeColumn(c), dictionary_(h), values_(h) {
    dictionary_.find_or_insert("");  // id 0: missing
  }
  Status check(const AttributeValue& v) const override {
    if (is_missing(&v) || std::holds_alternative<std::string>(v)) return Status::Ok();
    return type_error(config(), v);
  }
  void append(const AttributeValue* v) override {
    values_.push_back(is_missing(v) ? 0u : id_of(std::get<std::string>(*v)));
  }
  AttributeView view() const override {
    return AttributeView{config().type, config().collection, values_.data(), nullptr,
                         nullptr,       &dictionary_};
  }
  size_t allocated_bytes() const override {
    return dictionary_.allocated_bytes() + values_.allocated_bytes();
  }
  void shrink_to_fit() override { values_.shrink_to_fit(); }

 private:
  uint32_t id_of(std::string_view s) { return dictionary_.find_or_insert(s).first->id; }
  StringDictionary dictionary_;
  RcuVector<uint32_t> values_;
};

// Arrays (and weighted sets): values of row r are values_[offsets_[r] .. offsets_[r + 1]).
template <typename T>
class MultiColumn final : public AttributeColumn {
 public:
  MultiColumn(const AttributeFieldConfig& c, GenerationHolder& h)
      : AttributeColumn(c), values_(h), offsets_(h), weights_(h), dictionary_(h) {
    offsets_.push_back(0);
    if constexpr (std::is_same_v<T, uint32_t>) dictionary_.find_or_insert("");
  }
  Status check(const AttributeValue& v) const override {
    if (is_missing(&v) || accepts(v)) return Status::Ok();
    return type_error(config(), v);
  }
  void append(const AttributeValue* v) override {
    if (!is_missing(v)) append_values(*v);
    offsets_.push_back(static_cast<uint32_t>(values_.size()));
  }
  AttributeView view() const override {
    const bool weighted = config().collection == AttributeCollection::kWeightedSet;
    AttributeView view{config().type,
                       config().collection,
                       values_.data(),
                       offsets_.data(),
                       weighted ? weights_.data() : nullptr,
                       std::is_same_v<T, uint32_t> ? &dictionary_ : nullptr};
    range_.fill(view);
    return view;
  }
  size_t allocated_bytes() const override {
    return values_.allocated_bytes() + offsets_.allocated_bytes() + weights_.allocated_bytes() +
           (std::is_same_v<T, uint32_t> ? dictionary_.allocated_bytes() : 0);
  }
  void shrink_to_fit() override {
    values_.shrink_to_fit();
    offsets_.shrink_to_fit();
    weights_.shrink_to_fit();
  }

 private:
  bool accepts(const AttributeValue& v) const {
    if constexpr (std::is_same_v<T, uint32_t>) {
      return std::holds_alternative<std::vector<std::string>>(v) ||
             std::holds_alternative<WeightedStrings>(v);
    } else {
      return for_each_element<T>(v, [](T) {});
    }
  }
  void add(T value, int32_t weight) {
    if constexpr (!std::is_same_v<T, uint32_t>) range_.add(value);
    values_.push_back(value);
    if (config().collection == AttributeCollection::kWeightedSet) weights_.push_back(weight);
  }
  void append_values(const AttributeValue& v) {
    if constexpr (std::is_same_v<T, uint32_t>) {
      if (const auto* list = std::get_if<std::vector<std::string>>(&v)) {
        for (const std::string& s : *list) add(dictionary_.find_or_insert(s).first->id, 1);
      } else {
        for (const auto& [s, w] : std::get<WeightedStrings>(v)) {
          add(dictionary_.find_or_insert(s).first->id, w);
        }
      }
    } else {
      for_each_element<T>(v, [this](T x) { add(x, 1); });
    }
  }

  RcuVector<T> values_;
  // Invariant: offsets_.size() == rows + 1, non-decreasing, offsets_[rows] == values_.size().
  RcuVector<uint32_t> offsets_;
  // Invariant: parallel to values_ for weighted sets, empty otherwise.
  RcuVector<int32_t> weights_;
  StringDictionary dictionary_;  // used by string arrays and weighted sets only
  ValueRange range_;             // numeric arrays only
};

template <template <typename> class Column>
std::unique_ptr<AttributeColumn> make_numeric(const AttributeFieldConfig& c, GenerationHolder& h) {
  switch (c.type) {
    case AttributeType::kBool:
      return std::make_unique<Column<uint8_t>>(c, h);
    case AttributeType::kByte:
      return std::make_unique<Column<int8_t>>(c, h);
    case AttributeType::kInt:
      return std::make_unique<Column<int32_t>>(c, h);
    case AttributeType::kLong:
      return std::make_unique<Column<int64_t>>(c, h);
    case AttributeType::kFloat:
      return std::make_unique<Column<float>>(c, h);
    case AttributeType::kDouble:
      return std::make_unique<Column<double>>(c, h);
    case AttributeType::kString:
      break;
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<AttributeColumn> make_attribute_column(const AttributeFieldConfig& config,
                                                       GenerationHolder& holder) {
  if (config.collection == AttributeCollection::kSingle) {
    if (config.type == AttributeType::kString)
      return std::make_unique<StringColumn>(config, holder);
    return make_numeric<SingleColumn>(config, holder);
  }
  if (config.type == AttributeType::kString) {
    return std::make_unique<MultiColumn<uint32_t>>(config, holder);
  }
  return make_numeric<MultiColumn>(config, holder);
}

}  // namespace grove::index
