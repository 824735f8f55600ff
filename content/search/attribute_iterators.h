#pragma once

// Iterators over attribute columns, made by factory functions that pick the column's type once:
//   make_range_iterator           rows whose numeric value (any value, for arrays) is in range;
//   make_attribute_term_iterator  rows whose value equals a term (strings by value id, numbers
//                                 parsed from the term text).
// Both scan the column: matches() is one array read, seek() walks forward from the target. The
// planner therefore uses them as non-strict filters beside a term whenever it can.
// Missing ("undefined") values never match.
//
// Thread-safety: confined to the query's thread. No allocation per document.

#include <optional>
#include <string_view>

#include "content/index/attribute_view.h"
#include "content/ranking/match_data.h"
#include "content/search/query_tree.h"
#include "content/search/search_iterator.h"

namespace grove::search {

// `column` must be numeric or bool.
SearchIteratorPtr make_range_iterator(const index::AttributeView& column, RowId row_limit,
                                      const std::optional<RangeBound>& lower,
                                      const std::optional<RangeBound>& upper);

// Unpacks tf = 1 (for weighted sets: the matched key's weight) into `slot`.
SearchIteratorPtr make_attribute_term_iterator(const index::AttributeView& column, RowId row_limit,
                                               std::string_view term,
                                               ranking::TermFieldMatch* slot);

}  // namespace grove::search
