#pragma once

// AttributeColumn: the in-memory column of one attribute field, one value (or one list of
// values) per row, appended by the writer in row order and read by queries through an
// AttributeView. Created by make_attribute_column() for the field's type and collection.
//
// Usage (writer):
//   GROVE_RETURN_IF_ERROR(column->check(value));   // before changing anything
//   column->append(&value);                         // or append(nullptr) when missing
//
// Thread-safety: view() from any thread holding a generation guard; the rest writer only.

#include <memory>

#include "content/index/attribute_view.h"
#include "content/index/generation_holder.h"
#include "content/index/index_input.h"
#include "services/base/status.h"

namespace grove::index {

class AttributeColumn {
 public:
  virtual ~AttributeColumn() = default;

  const AttributeFieldConfig& config() const { return config_; }

  // OK when `value` can be stored in this column; InvalidArgument naming the attribute, its
  // type and the value's kind otherwise.
  virtual Status check(const AttributeValue& value) const = 0;
  // Appends the next row's value; nullptr (or std::monostate) stores the missing value.
  // `value` must have passed check().
  virtual void append(const AttributeValue* value) = 0;
  virtual AttributeView view() const = 0;
  virtual size_t allocated_bytes() const = 0;
  virtual void shrink_to_fit() = 0;

 protected:
  explicit AttributeColumn(AttributeFieldConfig config) : config_(std::move(config)) {}

 private:
  AttributeFieldConfig config_;
};

std::unique_ptr<AttributeColumn> make_attribute_column(const AttributeFieldConfig& config,
                                                       GenerationHolder& holder);

}  // namespace grove::index
