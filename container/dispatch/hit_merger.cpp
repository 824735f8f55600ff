#include "container/dispatch/hit_merger.h"

#include <queue>

namespace grove::dispatch {

bool hit_before(const Hit& a, const Hit& b, bool by_sort_data) {
  if (by_sort_data) {
    if (a.sort_data != b.sort_data) return a.sort_data < b.sort_data;
  } else if (a.relevance != b.relevance) {
    return a.relevance > b.relevance;
  }
  return a.gid < b.gid;
}

std::vector<Hit> merge_hits(const std::vector<std::vector<Hit>>& lists, uint32_t offset,
                            uint32_t hits, bool by_sort_data) {
  struct Cursor {
    size_t list;
    size_t pos;
  };
  auto after = [&](const Cursor& a, const Cursor& b) {
    return hit_before(lists[b.list][b.pos], lists[a.list][a.pos], by_sort_data);
  };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(after)> heap(after);
  for (size_t i = 0; i < lists.size(); ++i) {
    if (!lists[i].empty()) heap.push({i, 0});
  }
  std::vector<Hit> out;
  uint64_t wanted_end = uint64_t{offset} + hits;
  for (uint64_t rank = 0; rank < wanted_end && !heap.empty(); ++rank) {
    Cursor c = heap.top();
    heap.pop();
    if (rank >= offset) out.push_back(lists[c.list][c.pos]);
    if (c.pos + 1 < lists[c.list].size()) heap.push({c.list, c.pos + 1});
  }
  return out;
}

}  // namespace grove::dispatch
