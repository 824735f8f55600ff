#pragma once

// Schema: the validated model of one `schemas/NAME.sd` file: its document type, fields,
// fieldsets, document-summary classes and rank profiles, with every default filled in and
// every `inherits` resolved.
//
// Built only by the schema parser (schema_parser.h) after all checks pass, so a Schema is
// always consistent: every name a fieldset, summary class or rank expression refers to exists,
// a `default` rank profile and a `default` summary class always exist.
//
// Usage:
//   ParseOutput out = parse_schema_file("app/schemas/music.sd");
//   if (!out.ok()) { for (auto& d : out.diagnostics) print(d.to_string()); return; }
//   const Schema& s = *out.schema;
//   if (const Field* f = s.find_field("title"); f && f->index) { ... }
//
// Thread-safety: immutable; safe to share between threads.

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config-model/schema/field.h"
#include "config-model/schema/field_set.h"
#include "config-model/schema/rank_profile.h"
#include "config-model/schema/summary_class.h"

namespace grove::schema {

class Schema {
 public:
  Schema(std::string name, std::vector<Field> fields, std::vector<FieldSet> fieldsets,
         std::vector<SummaryClass> summary_classes, std::vector<RankProfile> rank_profiles);

  // The schema name, which is also the document type name (Vespa requires them equal).
  const std::string& name() const { return name_; }
  const std::string& document_type() const { return name_; }

  // Document fields first, then synthetic fields, each in declaration order.
  const std::vector<Field>& fields() const { return fields_; }
  const std::vector<FieldSet>& fieldsets() const { return fieldsets_; }
  const std::vector<SummaryClass>& summary_classes() const { return summary_classes_; }
  const std::vector<RankProfile>& rank_profiles() const { return rank_profiles_; }

  // Each returns the element with that name, or nullptr if there is none.
  const Field* find_field(const std::string& name) const;
  const FieldSet* find_fieldset(const std::string& name) const;
  const SummaryClass* find_summary_class(const std::string& name) const;
  const RankProfile* find_rank_profile(const std::string& name) const;

 private:
  std::string name_;
  std::vector<Field> fields_;
  std::vector<FieldSet> fieldsets_;
  std::vector<SummaryClass> summary_classes_;
  std::vector<RankProfile> rank_profiles_;
  // Invariant: maps each name in fields_ to its index; names are unique.
  std::unordered_map<std::string, size_t> field_index_;
};

// What differs between two versions of a schema in a way that changes what is stored or
// indexed (the document type, its fields and their indexing, match, stemming, attributes and
// fieldsets), as one sentence naming the first such field; nullopt when only rank profiles,
// summary classes or line numbers differ, which a running content node can adopt at once.
std::optional<std::string> indexing_difference(const Schema& before, const Schema& after);

}  // namespace grove::schema
