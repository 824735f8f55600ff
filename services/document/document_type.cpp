#include "services/document/document_type.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace grove::document {

uint16_t stable_field_id(std::string_view name) {
  uint32_t hash = 2166136261u;
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return static_cast<uint16_t>((hash ^ (hash >> 15)) % 0x8000 + 1);
}

DocumentType::DocumentType(std::string name, std::vector<FieldDef> fields)
    : name_(std::move(name)), fields_(std::move(fields)) {
  for (size_t i = 0; i < fields_.size(); ++i) {
    by_name_.push_back(static_cast<uint16_t>(i));
    by_id_.push_back(static_cast<uint16_t>(i));
  }
  std::sort(by_name_.begin(), by_name_.end(),
            [&](uint16_t a, uint16_t b) { return fields_[a].name < fields_[b].name; });
  std::sort(by_id_.begin(), by_id_.end(),
            [&](uint16_t a, uint16_t b) { return fields_[a].id < fields_[b].id; });
}

Result<DocumentType> DocumentType::make(std::string name, std::vector<FieldDef> fields) {
  if (name.empty()) return Status::InvalidArgument("document type name is empty");
  if (fields.size() > std::numeric_limits<uint16_t>::max()) {
    return Status::InvalidArgument(fmt::format("document type '{}' has too many fields", name));
  }
  for (const FieldDef& f : fields) {
    if (f.name.empty()) {
      return Status::InvalidArgument(
          fmt::format("document type '{}' has a field without a name", name));
    }
  }
  DocumentType type(std::move(name), std::move(fields));
  for (size_t i = 1; i < type.fields_.size(); ++i) {
    const FieldDef& a = type.fields_[type.by_name_[i - 1]];
    const FieldDef& b = type.fields_[type.by_name_[i]];
    if (a.name == b.name) {
      return Status::InvalidArgument(
          fmt::format("document type '{}' declares field '{}' twice", type.name_, a.name));
    }
    const FieldDef& c = type.fields_[type.by_id_[i - 1]];
    const FieldDef& d = type.fields_[type.by_id_[i]];
    if (c.id == d.id) {
      return Status::InvalidArgument(
          fmt::format("document type '{}': fields '{}' and '{}' have the same id {}", type.name_,
                      c.name, d.name, c.id));
    }
  }
  return type;
}

const FieldDef* DocumentType::find(std::string_view name) const {
  auto it = std::lower_bound(by_name_.begin(), by_name_.end(), name,
                             [&](uint16_t i, std::string_view n) { return fields_[i].name < n; });
  if (it == by_name_.end() || fields_[*it].name != name) return nullptr;
  return &fields_[*it];
}

const FieldDef* DocumentType::find_by_id(uint16_t id) const {
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                             [&](uint16_t i, uint16_t wanted) { return fields_[i].id < wanted; });
  if (it == by_id_.end() || fields_[*it].id != id) return nullptr;
  return &fields_[*it];
}

size_t DocumentType::index_of(const FieldDef& field) const {
  GROVE_ASSERT(&field >= fields_.data() && &field < fields_.data() + fields_.size());
  return static_cast<size_t>(&field - fields_.data());
}

std::string DocumentType::field_list(size_t limit) const {
  std::string out;
  for (size_t i = 0; i < fields_.size() && i < limit; ++i) {
    if (i > 0) out += ", ";
    out += fields_[i].name;
  }
  if (fields_.size() > limit) out += ", ...";
  if (fields_.empty()) out = "none";
  return out;
}

}  // namespace grove::document
