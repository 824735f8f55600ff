#pragma once

// SchemaDraft: what the .sd parser read, before the semantic checks. Values are as written
// (no defaults applied, no inheritance resolved); SchemaResolver turns a draft into a Schema.
// Internal to the schema library; plain data.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config-model/schema/field.h"
#include "config-model/schema/field_set.h"
#include "config-model/schema/rank_profile.h"
#include "config-model/schema/summary_class.h"

namespace grove::schema {

struct FieldDraft {
  Field field;  // settings as written; match and stemming hold defaults unless set below
  bool match_set = false;
  bool stemming_set = false;
  bool has_indexing = false;
  int fast_search_line = 0;  // line of `attribute: fast-search`, 0 if absent
};

struct PhaseDraft {
  RankExprPtr expr;  // null when absent or when it failed to parse (already reported)
  bool present = false;
  int line = 0;
};

struct ProfileDraft {
  std::string name;
  std::vector<std::string> inherits;
  int line = 0;
  PhaseDraft first_phase;
  PhaseDraft second_phase;
  std::optional<int> rerank_count;
  int rerank_line = 0;
  std::vector<RankFunction> functions;  // own functions in order; body may be null on error
};

struct SchemaDraft {
  std::string name;
  int line = 0;
  std::string document_name;
  int document_line = 0;                     // 0: no document block was seen
  std::optional<Stemming> default_stemming;  // schema-level `stemming: X`
  std::vector<FieldDraft> fields;
  std::vector<FieldSet> fieldsets;
  std::vector<SummaryClass> summaries;  // own fields only; `inherits` unresolved
  std::vector<ProfileDraft> profiles;
  // Names of fields that were rejected as unsupported (e.g. tensor fields). References to them
  // are not reported again as unknown fields.
  std::set<std::string> rejected_fields;
};

}  // namespace grove::schema
