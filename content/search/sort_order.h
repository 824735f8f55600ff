#pragma once

// SortOrder: `order by` on attributes. Compares two rows key by key (ascending or descending),
// missing values last in either direction, then by row. Reads the attribute columns directly,
// so comparing costs a few array reads and no allocation.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(SortOrder order, SortOrder::create(snapshot, request.order_by));
//   TopK<RowId, SortOrder::Before> top(k, order.before());
//
// Thread-safety: confined to the query's thread; borrows the snapshot.

#include <vector>

#include "content/index/attribute_view.h"
#include "content/index/index_snapshot.h"
#include "content/search/search_iterator.h"
#include "content/search/search_request.h"
#include "services/base/result.h"

namespace grove::search {

class SortOrder {
 public:
  // Fails with InvalidArgument for an unknown attribute or a multi-value one.
  static Result<SortOrder> create(const index::IndexSnapshot& snapshot,
                                  const std::vector<SortSpec>& specs);

  // True when row a sorts before row b.
  bool before(RowId a, RowId b) const;

  // The sort values of `row`, one per key, for the hit.
  std::vector<SortValue> values(RowId row) const;

  struct Before {
    const SortOrder* order;
    bool operator()(RowId a, RowId b) const { return order->before(a, b); }
  };
  Before comparator() const { return Before{this}; }

 private:
  struct Key {
    index::AttributeView column;
    bool ascending;
  };
  std::vector<Key> keys_;
};

}  // namespace grove::search
