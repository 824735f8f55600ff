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

namespace {

// The parts of a field that decide how it is stored and indexed (not its line, not whether the
// default summary shows it).
bool same_indexing(const Field& a, const Field& b) {
  return a.name == b.name && a.type == b.type && a.attribute == b.attribute && a.index == b.index &&
         a.fast_search == b.fast_search && a.match == b.match && a.stemming == b.stemming &&
         a.rank_filter == b.rank_filter && a.weight == b.weight && a.aliases == b.aliases &&
         a.input == b.input && a.in_document == b.in_document;
}

}  // namespace

std::optional<std::string> indexing_difference(const Schema& before, const Schema& after) {
  if (before.name() != after.name()) {
    return "schema '" + before.name() + "' became '" + after.name() + "'";
  }
  for (const Field& field : before.fields()) {
    const Field* now = after.find_field(field.name);
    if (now == nullptr) return "field '" + field.name + "' of schema '" + before.name() + "' was removed";
    if (!same_indexing(field, *now)) {
      return "field '" + field.name + "' of schema '" + before.name() + "' changed its type or indexing";
    }
  }
  for (const Field& field : after.fields()) {
    if (before.find_field(field.name) == nullptr) {
      return "field '" + field.name + "' was added to schema '" + before.name() + "'";
    }
  }
  const auto& old_sets = before.fieldsets();
  for (const FieldSet& set : old_sets) {
    const FieldSet* now = after.find_fieldset(set.name);
    if (now == nullptr || now->fields != set.fields) {
      return "fieldset '" + set.name + "' of schema '" + before.name() + "' changed";
    }
  }
  if (after.fieldsets().size() != old_sets.size()) {
    return "schema '" + before.name() + "' has a new fieldset";
  }
  return std::nullopt;
}

}  // namespace grove::schema
