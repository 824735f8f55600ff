#include "content/index/index_config.h"

#include <fmt/format.h>

namespace grove::index {
namespace {

AttributeType attribute_type_of(schema::FieldType t) {
  switch (t) {
    case schema::FieldType::kBool:
      return AttributeType::kBool;
    case schema::FieldType::kByte:
      return AttributeType::kByte;
    case schema::FieldType::kInt:
      return AttributeType::kInt;
    case schema::FieldType::kLong:
      return AttributeType::kLong;
    case schema::FieldType::kFloat:
      return AttributeType::kFloat;
    case schema::FieldType::kDouble:
      return AttributeType::kDouble;
    case schema::FieldType::kString:
      return AttributeType::kString;
  }
  return AttributeType::kString;
}

AttributeCollection collection_of(schema::DataType::Collection c) {
  switch (c) {
    case schema::DataType::kSingle:
      return AttributeCollection::kSingle;
    case schema::DataType::kArray:
      return AttributeCollection::kArray;
    case schema::DataType::kWeightedSet:
      return AttributeCollection::kWeightedSet;
  }
  return AttributeCollection::kSingle;
}

template <typename Map>
Status add_name(Map& map, const std::string& name, size_t id, std::string_view kind) {
  if (name.empty()) return Status::InvalidArgument(fmt::format("{} with an empty name", kind));
  if (!map.emplace(name, static_cast<typename Map::mapped_type>(id)).second) {
    return Status::InvalidArgument(fmt::format("duplicate {} '{}'", kind, name));
  }
  return Status::Ok();
}

}  // namespace

std::string_view attribute_type_name(AttributeType type) {
  switch (type) {
    case AttributeType::kBool:
      return "bool";
    case AttributeType::kByte:
      return "byte";
    case AttributeType::kInt:
      return "int";
    case AttributeType::kLong:
      return "long";
    case AttributeType::kFloat:
      return "float";
    case AttributeType::kDouble:
      return "double";
    case AttributeType::kString:
      return "string";
  }
  return "?";
}

Result<IndexConfig> IndexConfig::create(std::vector<IndexFieldConfig> index_fields,
                                        std::vector<AttributeFieldConfig> attributes,
                                        std::vector<FieldSetConfig> fieldsets) {
  IndexConfig c;
  c.index_fields_ = std::move(index_fields);
  c.attributes_ = std::move(attributes);
  c.fieldsets_ = std::move(fieldsets);
  for (size_t i = 0; i < c.index_fields_.size(); ++i) {
    GROVE_RETURN_IF_ERROR(add_name(c.index_by_name_, c.index_fields_[i].name, i, "index field"));
  }
  for (size_t i = 0; i < c.attributes_.size(); ++i) {
    const AttributeFieldConfig& a = c.attributes_[i];
    GROVE_RETURN_IF_ERROR(add_name(c.attribute_by_name_, a.name, i, "attribute"));
    if (a.collection == AttributeCollection::kWeightedSet && a.type != AttributeType::kString) {
      return Status::InvalidArgument(
          fmt::format("attribute '{}': weighted sets hold strings only", a.name));
    }
  }
  for (size_t i = 0; i < c.fieldsets_.size(); ++i) {
    const FieldSetConfig& fs = c.fieldsets_[i];
    GROVE_RETURN_IF_ERROR(add_name(c.fieldset_by_name_, fs.name, i, "fieldset"));
    for (const std::string& f : fs.fields) {
      if (!c.find_index_field(f) && !c.find_attribute(f)) {
        return Status::InvalidArgument(fmt::format(
            "fieldset '{}' names '{}', which is neither an indexed field nor an attribute", fs.name,
            f));
      }
    }
  }
  return c;
}

Result<IndexConfig> IndexConfig::from_schema(const schema::Schema& schema) {
  std::vector<IndexFieldConfig> index_fields;
  std::vector<AttributeFieldConfig> attributes;
  std::vector<FieldSetConfig> fieldsets;
  for (const schema::Field& f : schema.fields()) {
    if (f.index) index_fields.push_back({f.name, !f.rank_filter, f.weight});
    if (f.attribute) {
      attributes.push_back({f.name, attribute_type_of(f.type.element),
                            collection_of(f.type.collection), f.fast_search});
    }
  }
  for (const schema::FieldSet& fs : schema.fieldsets()) fieldsets.push_back({fs.name, fs.fields});
  return create(std::move(index_fields), std::move(attributes), std::move(fieldsets));
}

std::optional<FieldId> IndexConfig::find_index_field(std::string_view name) const {
  auto it = index_by_name_.find(name);
  if (it == index_by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<AttributeId> IndexConfig::find_attribute(std::string_view name) const {
  auto it = attribute_by_name_.find(name);
  if (it == attribute_by_name_.end()) return std::nullopt;
  return it->second;
}

const FieldSetConfig* IndexConfig::find_fieldset(std::string_view name) const {
  auto it = fieldset_by_name_.find(name);
  return it == fieldset_by_name_.end() ? nullptr : &fieldsets_[it->second];
}

}  // namespace grove::index
