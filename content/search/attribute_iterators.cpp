#include "content/search/attribute_iterators.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

namespace grove::search {
namespace {

using index::AttributeType;
using index::AttributeView;

// The integer interval [lo, hi] a double range allows.
struct IntInterval {
  int64_t lo = std::numeric_limits<int64_t>::min();
  int64_t hi = std::numeric_limits<int64_t>::max();
};

int64_t clamp_to_int64(double x) {
  if (x <= -9.2e18) return std::numeric_limits<int64_t>::min();
  if (x >= 9.2e18) return std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(x);
}

IntInterval int_interval(const std::optional<RangeBound>& lower,
                         const std::optional<RangeBound>& upper) {
  IntInterval r;
  if (lower) {
    const double l = lower->inclusive ? std::ceil(lower->value) : std::floor(lower->value) + 1;
    r.lo = clamp_to_int64(l);
  }
  if (upper) {
    const double u = upper->inclusive ? std::floor(upper->value) : std::ceil(upper->value) - 1;
    r.hi = clamp_to_int64(u);
  }
  return r;
}

// Tests one stored value against the range.
template <typename T>
class RangeTest {
 public:
  RangeTest(const std::optional<RangeBound>& lower, const std::optional<RangeBound>& upper)
      : lower_(lower), upper_(upper), ints_(int_interval(lower, upper)) {}
  bool operator()(T v) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) return false;
      const double x = v;
      if (lower_ && (lower_->inclusive ? x < lower_->value : x <= lower_->value)) return false;
      if (upper_ && (upper_->inclusive ? x > upper_->value : x >= upper_->value)) return false;
      return true;
    } else {
      if (index::is_undefined(v)) return false;
      const auto x = static_cast<int64_t>(v);
      return x >= ints_.lo && x <= ints_.hi;
    }
  }

 private:
  std::optional<RangeBound> lower_;
  std::optional<RangeBound> upper_;
  IntInterval ints_;
};

// Scans a column with a per-value test; `Multi` selects the offsets layout.
template <typename T, bool Multi, typename Test>
class ScanIterator final : public SearchIterator {
 public:
  ScanIterator(const AttributeView& column, RowId row_limit, Test test,
               ranking::TermFieldMatch* slot)
      : values_(column.as<T>()),
        offsets_(column.offsets),
        weights_(column.weights),
        row_limit_(row_limit),
        test_(test),
        slot_(slot) {}

  bool matches(RowId row) override {
    if constexpr (Multi) {
      for (uint32_t i = offsets_[row]; i < offsets_[row + 1]; ++i) {
        if (test_(values_[i])) {
          weight_ = weights_ != nullptr ? weights_[i] : 1;
          return true;
        }
      }
      return false;
    } else {
      return test_(values_[row]);
    }
  }
  RowId seek(RowId target) override {
    for (RowId r = target; r < row_limit_; ++r) {
      if (matches(r)) return row_ = r;
    }
    return row_ = kEndRow;
  }
  void unpack(RowId row) override {
    if (slot_ == nullptr) return;
    slot_->row = row;
    slot_->tf = static_cast<uint32_t>(weight_ > 0 ? weight_ : 1);
    slot_->num_positions = 0;
  }

 private:
  const T* values_;
  const uint32_t* offsets_;
  const int32_t* weights_;
  RowId row_limit_;
  Test test_;
  ranking::TermFieldMatch* slot_;
  int32_t weight_ = 1;
};

template <typename T, typename Test>
SearchIteratorPtr make_scan(const AttributeView& column, RowId row_limit, Test test,
                            ranking::TermFieldMatch* slot) {
  if (column.single()) {
    return std::make_unique<ScanIterator<T, false, Test>>(column, row_limit, test, slot);
  }
  return std::make_unique<ScanIterator<T, true, Test>>(column, row_limit, test, slot);
}

template <typename T>
SearchIteratorPtr make_typed_range(const AttributeView& column, RowId row_limit,
                                   const std::optional<RangeBound>& lower,
                                   const std::optional<RangeBound>& upper) {
  return make_scan<T>(column, row_limit, RangeTest<T>(lower, upper), nullptr);
}

template <typename T>
struct Equals {
  T value;
  bool operator()(T v) const { return v == value && !index::is_undefined(v); }
};

template <typename T>
SearchIteratorPtr make_numeric_term(const AttributeView& column, RowId row_limit,
                                    std::string_view term, ranking::TermFieldMatch* slot) {
  double x = 0;
  auto [end, ec] = std::from_chars(term.data(), term.data() + term.size(), x);
  if (ec != std::errc() || end != term.data() + term.size()) {
    if (term == "true")
      x = 1;
    else if (term == "false")
      x = 0;
    else
      return std::make_unique<EmptyIterator>();
  }
  if constexpr (std::is_integral_v<T>) {
    if (x < static_cast<double>(std::numeric_limits<T>::min()) ||
        x > static_cast<double>(std::numeric_limits<T>::max())) {
      return std::make_unique<EmptyIterator>();
    }
  }
  const T value = static_cast<T>(x);
  if (static_cast<double>(value) != x) return std::make_unique<EmptyIterator>();
  return make_scan<T>(column, row_limit, Equals<T>{value}, slot);
}

}  // namespace

SearchIteratorPtr make_range_iterator(const AttributeView& column, RowId row_limit,
                                      const std::optional<RangeBound>& lower,
                                      const std::optional<RangeBound>& upper) {
  switch (column.type) {
    case AttributeType::kBool:
      return make_typed_range<uint8_t>(column, row_limit, lower, upper);
    case AttributeType::kByte:
      return make_typed_range<int8_t>(column, row_limit, lower, upper);
    case AttributeType::kInt:
      return make_typed_range<int32_t>(column, row_limit, lower, upper);
    case AttributeType::kLong:
      return make_typed_range<int64_t>(column, row_limit, lower, upper);
    case AttributeType::kFloat:
      return make_typed_range<float>(column, row_limit, lower, upper);
    case AttributeType::kDouble:
      return make_typed_range<double>(column, row_limit, lower, upper);
    case AttributeType::kString:
      break;
  }
  return std::make_unique<EmptyIterator>();
}

SearchIteratorPtr make_attribute_term_iterator(const AttributeView& column, RowId row_limit,
                                               std::string_view term,
                                               ranking::TermFieldMatch* slot) {
  switch (column.type) {
    case AttributeType::kString: {
      const auto* entry = column.dictionary->find(term);
      if (entry == nullptr || entry->id == 0) return std::make_unique<EmptyIterator>();
      return make_scan<uint32_t>(column, row_limit, Equals<uint32_t>{entry->id}, slot);
    }
    case AttributeType::kBool:
      return make_numeric_term<uint8_t>(column, row_limit, term, slot);
    case AttributeType::kByte:
      return make_numeric_term<int8_t>(column, row_limit, term, slot);
    case AttributeType::kInt:
      return make_numeric_term<int32_t>(column, row_limit, term, slot);
    case AttributeType::kLong:
      return make_numeric_term<int64_t>(column, row_limit, term, slot);
    case AttributeType::kFloat:
      return make_numeric_term<float>(column, row_limit, term, slot);
    case AttributeType::kDouble:
      return make_numeric_term<double>(column, row_limit, term, slot);
  }
  return std::make_unique<EmptyIterator>();
}

}  // namespace grove::search
