#pragma once

// The distributor's small decisions, as free functions so that each is tested on its own:
// routing refusals, the verdict of a condition, how a replica failure becomes a reply, and the
// parsing of an update's JSON.
//
// Pure functions (parse_update_json reuses a per-thread parser); thread-safe.

#include <optional>
#include <string_view>

#include "content/distributor/distributor.h"
#include "services/distribution/placement_table.h"
#include "services/document/document_update.h"
#include "services/document/selection.h"

namespace grove::content {

// Unavailable: the node has no placement, naming the --nodes flag it lacks.
Status no_placement_error(const ContentNode& node, const char* op);

// WRONG_DISTRIBUTION for `bucket`, naming its owner and the state version routed by.
FeedResult wrong_distribution(const distribution::PlacementTable& table, distribution::BucketId bucket,
                              uint16_t owner, uint16_t self);

// nullopt when `condition` holds for `current`; else CONDITION_NOT_MET (also for a missing
// document), with a message quoting the condition.
std::optional<FeedResult> check_condition(const document::DocumentSelection& condition,
                                          const std::optional<document::Document>& current);

// True for a replica's ResourceExhausted that means "out of space" (the store's map is full,
// memory ran out), as opposed to back-pressure that clears by itself ("... retry", a client's
// full connection queue).
bool is_feed_blocked(const Status& status);

// The reply to a write of every replica with `timestamp`: OK, FEED_BLOCKED for a replica out of
// space, or the error itself.
Result<FeedResult> written(Status status, uint64_t timestamp);

// `json` is {"fields": {...}} (Vespa's update JSON; "update", "id", "create" and "condition"
// are accepted and ignored, since the request carries them). InvalidArgument naming the
// problem.
Result<document::DocumentUpdate> parse_update_json(const document::DocumentType& type,
                                                   const distribution::DocumentId& id,
                                                   std::string_view json);

}  // namespace grove::content
