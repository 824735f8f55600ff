#include "services/document/document.h"

#include <fmt/format.h>

#include <algorithm>

namespace grove::document {

Document::Document(const DocumentType& type, distribution::DocumentId id)
    : type_(&type), id_(std::move(id)) {}

size_t Document::lower_bound(const FieldDef& field) const {
  // Fields live in one vector of the type, so address order is declaration order.
  auto it = std::lower_bound(entries_.begin(), entries_.end(), &field,
                             [](const Entry& e, const FieldDef* f) { return e.field < f; });
  return static_cast<size_t>(it - entries_.begin());
}

const FieldValue* Document::get(const FieldDef& field) const {
  size_t i = lower_bound(field);
  if (i == entries_.size() || entries_[i].field != &field) return nullptr;
  return &entries_[i].value;
}

const FieldValue* Document::get(std::string_view name) const {
  const FieldDef* field = type_->find(name);
  return field == nullptr ? nullptr : get(*field);
}

void Document::set(const FieldDef& field, FieldValue value) {
  GROVE_ASSERT(type_->index_of(field) < type_->fields().size());
  GROVE_ASSERT(value.type() == field.type);
  size_t i = lower_bound(field);
  if (i < entries_.size() && entries_[i].field == &field) {
    entries_[i].value = std::move(value);
  } else {
    entries_.insert(entries_.begin() + static_cast<ptrdiff_t>(i), Entry{&field, std::move(value)});
  }
}

Status Document::set(std::string_view name, FieldValue value) {
  const FieldDef* field = type_->find(name);
  if (field == nullptr) {
    return Status::InvalidArgument(
        fmt::format("unknown field '{}' in document type '{}'", name, type_->name()));
  }
  if (value.type() != field->type) {
    return Status::InvalidArgument(fmt::format("field '{}' is {} but the value is {}", name,
                                               field->type.to_string(), value.type().to_string()));
  }
  set(*field, std::move(value));
  return Status::Ok();
}

bool Document::clear(const FieldDef& field) {
  size_t i = lower_bound(field);
  if (i == entries_.size() || entries_[i].field != &field) return false;
  entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(i));
  return true;
}

bool operator==(const Document& a, const Document& b) {
  if (a.type_->name() != b.type_->name() || a.id_.str() != b.id_.str()) return false;
  if (a.entries_.size() != b.entries_.size()) return false;
  for (size_t i = 0; i < a.entries_.size(); ++i) {
    if (a.entries_[i].field->name != b.entries_[i].field->name) return false;
    if (!(a.entries_[i].value == b.entries_[i].value)) return false;
  }
  return true;
}

}  // namespace grove::document
