#pragma once

// Merging the hits of the nodes of one group (DESIGN §7, step 4): each node returns its best
// hits in order; a k-way heap merge picks the global [offset, offset + hits) window. Hits are
// ordered by relevance (descending), or by their sort data (memcmp ascending, as the content
// node encodes order-by values), with the GID breaking ties so the order is deterministic.
//
// Pure functions; thread-safe.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace grove::dispatch {

struct Hit {
  std::array<uint8_t, 12> gid{};
  double relevance = 0;
  std::string sort_data;      // empty when ordering by relevance
  uint16_t node = 0;          // distribution key of the node that holds it
};

// `lists[i]` is node i's hits, already in order. Returns at most `hits` hits after skipping
// `offset`.
std::vector<Hit> merge_hits(const std::vector<std::vector<Hit>>& lists, uint32_t offset,
                            uint32_t hits, bool by_sort_data);

// True when `a` comes before `b` in the result order.
bool hit_before(const Hit& a, const Hit& b, bool by_sort_data);

}  // namespace grove::dispatch
