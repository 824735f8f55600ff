#pragma once

// IndexConfig: which fields the in-memory index keeps and how: indexed (tokenized) fields with
// or without positions, typed attribute columns, and fieldsets. Built once per config
// generation, from a schema (from_schema) or by hand (create), and shared by the index, the
// rank setups and the searcher, which all refer to fields by their FieldId / AttributeId.
//
// Usage:
//   Result<IndexConfig> c = IndexConfig::from_schema(schema);
//   std::optional<FieldId> f = c->find_index_field("title");
//
// Immutable once built; thread-safe.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/schema/schema.h"
#include "content/index/doc_ids.h"
#include "services/base/result.h"

namespace grove::index {

struct IndexFieldConfig {
  std::string name;
  bool positions = true;  // false for `rank: filter` fields: no phrase or proximity
  int weight = 100;       // the field's weight in nativeRank-style features
};

enum class AttributeType { kBool, kByte, kInt, kLong, kFloat, kDouble, kString };
enum class AttributeCollection { kSingle, kArray, kWeightedSet };

struct AttributeFieldConfig {
  std::string name;
  AttributeType type = AttributeType::kInt;
  AttributeCollection collection = AttributeCollection::kSingle;
  bool fast_search = false;  // accepted; columns are scanned either way (see docs/)
};

struct FieldSetConfig {
  std::string name;
  std::vector<std::string> fields;
};

class IndexConfig {
 public:
  // Fails with InvalidArgument on duplicate names within a kind, an empty name, a fieldset
  // naming a field that is neither indexed nor an attribute, or a weighted set of non-strings.
  static Result<IndexConfig> create(std::vector<IndexFieldConfig> index_fields,
                                    std::vector<AttributeFieldConfig> attributes,
                                    std::vector<FieldSetConfig> fieldsets);

  // Every `index` field of the schema becomes an indexed field, every `attribute` field an
  // attribute column (a field may be both), and the fieldsets are copied.
  static Result<IndexConfig> from_schema(const schema::Schema& schema);

  const std::vector<IndexFieldConfig>& index_fields() const { return index_fields_; }
  const std::vector<AttributeFieldConfig>& attributes() const { return attributes_; }
  const std::vector<FieldSetConfig>& fieldsets() const { return fieldsets_; }

  std::optional<FieldId> find_index_field(std::string_view name) const;
  std::optional<AttributeId> find_attribute(std::string_view name) const;
  const FieldSetConfig* find_fieldset(std::string_view name) const;

 private:
  std::vector<IndexFieldConfig> index_fields_;
  std::vector<AttributeFieldConfig> attributes_;
  std::vector<FieldSetConfig> fieldsets_;
  // Invariant: each maps every name of its vector to its position.
  std::map<std::string, FieldId, std::less<>> index_by_name_;
  std::map<std::string, AttributeId, std::less<>> attribute_by_name_;
  std::map<std::string, size_t, std::less<>> fieldset_by_name_;
};

// "bool", "byte", "int", "long", "float", "double", "string".
std::string_view attribute_type_name(AttributeType type);

}  // namespace grove::index
