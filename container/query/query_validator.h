#pragma once

// QueryValidator: checks a parsed Query against the schemas it searches, before anything is
// sent to content nodes, so that mistakes come back as 400-class errors that name the problem
// instead of as empty results:
//   - sources that are neither a document type nor a content cluster;
//   - terms and phrases in fields or fieldsets that do not exist, or that are neither indexed
//     nor attributes (a phrase needs an indexed field); a term without a field needs a field or
//     fieldset named `default`;
//   - comparisons and range() on anything but a numeric attribute;
//   - `order by` on anything but an attribute;
//   - selected fields that do not exist.
// A name is valid when it is valid in at least one of the searched schemas (as in Vespa, a
// field missing from one document type simply matches nothing there). Unknown names come with
// the close names of the schemas ("did you mean 'title'?").
//
// Usage (one validator per config generation):
//   QueryValidator validator(model);
//   std::vector<QueryError> errors = validator.validate(query);
//   if (!errors.empty()) respond(400, render_error_response(errors));
//
// Immutable after construction; thread-safe. Borrows the model or schemas it was built from,
// which must outlive it.

#include <string>
#include <map>
#include <unordered_set>
#include <vector>

#include "config-model/model/application_model.h"
#include "config-model/schema/schema.h"
#include "container/query/query.h"
#include "container/query/query_error.h"
#include "services/base/result.h"

namespace grove::query {

class QueryValidator {
 public:
  // Content cluster id -> the schemas of its document types.
  using ClusterSchemas = std::map<std::string, std::vector<const schema::Schema*>>;

  // Every schema of `model`; content cluster ids are also source names.
  explicit QueryValidator(const config::ApplicationModel& model);
  // Just these schemas (each must be non-null), with no cluster names.
  explicit QueryValidator(std::vector<const schema::Schema*> schemas);

  // Every problem of `query`, each an INVALID_QUERY_PARAMETER (code 4) error; empty when the
  // query is valid for its sources.
  std::vector<QueryError> validate(const Query& query) const;

  // The schemas that `sources` (a Query's sources) searches: every schema when empty; else
  // each name as a document type or a content cluster id, without duplicates.
  // InvalidArgument names the first unknown source.
  Result<std::vector<const schema::Schema*>> resolve_sources(
      const std::vector<std::string>& sources) const;

  // Every field and fieldset name of every schema, for SimpleQueryOptions::known_fields.
  const std::unordered_set<std::string>& searchable_names() const { return searchable_names_; }

 private:
  class Run;

  QueryValidator(std::vector<const schema::Schema*> schemas, ClusterSchemas clusters);
  std::vector<std::string> source_names() const;

  std::vector<const schema::Schema*> schemas_;  // Invariant: no nulls
  ClusterSchemas clusters_;
  std::unordered_set<std::string> searchable_names_;
};

}  // namespace grove::query
