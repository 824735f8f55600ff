#pragma once

// merge_global_stats(): the corpus statistics of a group from its nodes' local statistics
// (DESIGN §7, step 3): total documents add up, each (field, term) document frequency adds up,
// and each field's length sum and document count add up. Sent back to every node of the group
// as SearchRequest.global_stats, so that BM25 scores do not depend on how documents are spread.
// Output order is sorted by field and term, so the result does not depend on reply order.
//
// Pure function; thread-safe.

#include <vector>

#include "services/protocol/search_messages.h"

namespace grove::container {

protocol::GlobalStats merge_global_stats(const std::vector<const protocol::GlobalStats*>& parts);

}  // namespace grove::container
