#pragma once

// Semantic checks of a parsed .sd file and the construction of its Schema: document and schema
// names, duplicate and derived fields, field defaults, fieldsets, document-summaries (with
// inheritance and the implicit `default` class) and rank profiles (rank_profile_resolver.h).
// Internal to the schema library. A pure function of its arguments.

#include <optional>

#include "config-model/schema/diagnostic_sink.h"
#include "config-model/schema/schema.h"
#include "config-model/schema/schema_draft.h"

namespace grove::schema {

// Reports every problem to `sink`. Returns the Schema when `sink` holds no error afterwards
// (including errors reported before the call), else nullopt.
std::optional<Schema> resolve_schema(const SchemaDraft& draft, DiagnosticSink& sink);

}  // namespace grove::schema
