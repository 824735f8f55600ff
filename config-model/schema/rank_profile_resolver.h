#pragma once

// Resolution of rank profiles: `inherits` (multiple parents allowed, cycles rejected), the
// implicit `default` profile, effective phases, functions and rerank-count, and the checks of
// every rank expression against the schema's fields and the profile's functions.
// Internal to the schema library. A pure function of its arguments.

#include <set>
#include <string>
#include <vector>

#include "config-model/schema/diagnostic_sink.h"
#include "config-model/schema/field.h"
#include "config-model/schema/rank_profile.h"
#include "config-model/schema/schema_draft.h"

namespace grove::schema {

// Returns the effective profiles, `default` first, then the others in declaration order.
// Reports every problem to `sink`; the result is meaningful only if no error was reported.
// `rejected_fields` are fields already reported as unsupported: references to them are not
// reported again.
std::vector<RankProfile> resolve_rank_profiles(const std::vector<ProfileDraft>& drafts,
                                               const std::vector<Field>& fields,
                                               const std::set<std::string>& rejected_fields,
                                               DiagnosticSink& sink);

}  // namespace grove::schema
