#include "config-model/schema/schema.h"

#include "services/base/assert.h"

namespace grove::schema {
namespace {

template <typename T>
const T* find_by_name(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace

Schema::Schema(std::string name, std::vector<Field> fields, std::vector<FieldSet> fieldsets,
               std::vector<SummaryClass> summary_classes, std::vector<RankProfile> rank_profiles)
    : name_(std::move(name)),
      fields_(std::move(fields)),
      fieldsets_(std::move(fieldsets)),
      summary_classes_(std::move(summary_classes)),
      rank_profiles_(std::move(rank_profiles)) {
  for (size_t i = 0; i < fields_.size(); ++i) {
    bool inserted = field_index_.emplace(fields_[i].name, i).second;
    GROVE_ASSERT(inserted);
  }
}

const Field* Schema::find_field(const std::string& name) const {
  auto it = field_index_.find(name);
  return it == field_index_.end() ? nullptr : &fields_[it->second];
}

const FieldSet* Schema::find_fieldset(const std::string& name) const {
  return find_by_name(fieldsets_, name);
}

const SummaryClass* Schema::find_summary_class(const std::string& name) const {
  return find_by_name(summary_classes_, name);
}

const RankProfile* Schema::find_rank_profile(const std::string& name) const {
  return find_by_name(rank_profiles_, name);
}

}  // namespace grove::schema
