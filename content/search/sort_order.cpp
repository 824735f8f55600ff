#include "content/search/sort_order.h"

#include <fmt/format.h>

namespace grove::search {
namespace {

using index::AttributeType;

// -1, 0 or 1 for a before, equal, after b in the key's direction; missing values last.
template <typename T>
int compare_values(T a, T b, bool ascending) {
  const bool ma = index::is_undefined(a);
  const bool mb = index::is_undefined(b);
  if (ma || mb) return ma == mb ? 0 : (ma ? 1 : -1);
  if (a == b) return 0;
  return (a < b) == ascending ? -1 : 1;
}

int compare_strings(const index::AttributeView& c, uint32_t a, uint32_t b, bool ascending) {
  if (a == b) return 0;
  if (a == 0 || b == 0) return a == 0 ? 1 : -1;  // id 0: missing
  const int cmp = c.text_of(a).compare(c.text_of(b));
  if (cmp == 0) return 0;
  return (cmp < 0) == ascending ? -1 : 1;
}

template <typename T>
int compare_rows(const index::AttributeView& c, RowId a, RowId b, bool ascending) {
  return compare_values<T>(c.as<T>()[a], c.as<T>()[b], ascending);
}

template <typename T>
SortValue value_of(const index::AttributeView& c, RowId row) {
  const T v = c.as<T>()[row];
  if (index::is_undefined(v)) return std::monostate{};
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(v);
  } else {
    return static_cast<int64_t>(v);
  }
}

}  // namespace

Result<SortOrder> SortOrder::create(const index::IndexSnapshot& snapshot,
                                    const std::vector<SortSpec>& specs) {
  SortOrder order;
  for (const SortSpec& s : specs) {
    std::optional<index::AttributeId> a = snapshot.config().find_attribute(s.attribute);
    if (!a) {
      return Status::InvalidArgument(fmt::format("order by: unknown attribute '{}'", s.attribute));
    }
    index::AttributeView column = snapshot.attribute(*a);
    if (!column.single()) {
      return Status::InvalidArgument(
          fmt::format("order by: '{}' holds several values per document", s.attribute));
    }
    order.keys_.push_back(Key{column, s.ascending});
  }
  return order;
}

bool SortOrder::before(RowId a, RowId b) const {
  for (const Key& k : keys_) {
    int c = 0;
    switch (k.column.type) {
      case AttributeType::kBool:
        c = compare_rows<uint8_t>(k.column, a, b, k.ascending);
        break;
      case AttributeType::kByte:
        c = compare_rows<int8_t>(k.column, a, b, k.ascending);
        break;
      case AttributeType::kInt:
        c = compare_rows<int32_t>(k.column, a, b, k.ascending);
        break;
      case AttributeType::kLong:
        c = compare_rows<int64_t>(k.column, a, b, k.ascending);
        break;
      case AttributeType::kFloat:
        c = compare_rows<float>(k.column, a, b, k.ascending);
        break;
      case AttributeType::kDouble:
        c = compare_rows<double>(k.column, a, b, k.ascending);
        break;
      case AttributeType::kString:
        c = compare_strings(k.column, k.column.as<uint32_t>()[a], k.column.as<uint32_t>()[b],
                            k.ascending);
        break;
    }
    if (c != 0) return c < 0;
  }
  return a < b;
}

std::vector<SortValue> SortOrder::values(RowId row) const {
  std::vector<SortValue> out;
  for (const Key& k : keys_) {
    switch (k.column.type) {
      case AttributeType::kBool:
        out.push_back(value_of<uint8_t>(k.column, row));
        break;
      case AttributeType::kByte:
        out.push_back(value_of<int8_t>(k.column, row));
        break;
      case AttributeType::kInt:
        out.push_back(value_of<int32_t>(k.column, row));
        break;
      case AttributeType::kLong:
        out.push_back(value_of<int64_t>(k.column, row));
        break;
      case AttributeType::kFloat:
        out.push_back(value_of<float>(k.column, row));
        break;
      case AttributeType::kDouble:
        out.push_back(value_of<double>(k.column, row));
        break;
      case AttributeType::kString: {
        const uint32_t id = k.column.as<uint32_t>()[row];
        if (id == 0) {
          out.emplace_back(std::monostate{});
        } else {
          out.emplace_back(std::string(k.column.text_of(id)));
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace grove::search
