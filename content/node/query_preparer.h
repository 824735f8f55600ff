#pragma once

// QueryPreparer: applies each field's linguistics to the terms of a query, so that query terms
// meet the index's terms (DESIGN §8: the same code for feeding and querying).
//
// For a term or phrase in a field, a fieldset or the default fieldset:
//  - text fields: normalized, tokenized and stemmed as the field is; a term that becomes
//    several tokens (e.g. "e-mail", or CJK text) turns into a phrase, one that becomes none
//    matches nothing;
//  - word/exact fields and string attributes: the whole term, normalized;
//  - numeric attributes: the term as given.
// When the fields of a fieldset would process a term differently, the term becomes an OR of
// the per-field forms. Names that are no field are left for the Searcher to report.
//
// Immutable after construction; thread-safe (each thread uses its own tokenizer).

#include <map>
#include <string>
#include <vector>

#include "config-model/schema/schema.h"
#include "content/search/query_tree.h"
#include "services/base/result.h"

namespace grove::content {

class QueryPreparer {
 public:
  explicit QueryPreparer(const schema::Schema& schema);

  // InvalidArgument for a child index out of range or a cycle.
  Result<search::QueryTree> prepare(const search::QueryTree& raw) const;

 private:
  class Run;
  // The fields a name stands for: itself, the fields of a fieldset, or nothing if unknown.
  std::vector<const schema::Field*> resolve(const std::string& name) const;

  const schema::Schema& schema_;
};

}  // namespace grove::content
