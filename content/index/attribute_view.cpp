#include "content/index/attribute_view.h"

namespace grove::index {
namespace {

template <typename T>
double number_of(const AttributeView& v, RowId row) {
  const T x = v.as<T>()[row];
  return is_undefined(x) ? 0.0 : static_cast<double>(x);
}

}  // namespace

double AttributeView::number(RowId row) const {
  if (!single()) return 0;
  switch (type) {
    case AttributeType::kBool:
      return number_of<uint8_t>(*this, row);
    case AttributeType::kByte:
      return number_of<int8_t>(*this, row);
    case AttributeType::kInt:
      return number_of<int32_t>(*this, row);
    case AttributeType::kLong:
      return number_of<int64_t>(*this, row);
    case AttributeType::kFloat:
      return number_of<float>(*this, row);
    case AttributeType::kDouble:
      return number_of<double>(*this, row);
    case AttributeType::kString:
      return 0;
  }
  return 0;
}

std::string_view AttributeView::text(RowId row) const {
  if (type != AttributeType::kString || !single()) return {};
  return text_of(as<uint32_t>()[row]);
}

}  // namespace grove::index
