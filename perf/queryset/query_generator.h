#pragma once

// generate_query_set(): draws a benchmark query set from a corpus' own vocabulary, reproducibly:
// the same corpus, options and seed always give the same file.
//
// Three streaming passes over the corpus (constant memory apart from the vocabulary):
//   1. document frequencies of the plain words of the text field, and the filter values;
//   2. per document, how many AND/OR term candidates and phrase candidates it has
//      (see vocabulary.h for the rules);
//   3. the terms of the planned queries.
// Between passes 2 and 3 every query is planned from one Rng seeded with `seed`:
//   - and1..and3, or2, or3, and2+filter, and2+sort: a document drawn uniformly among those with
//     enough candidates, then n distinct candidates of it. Every AND query therefore has at
//     least one hit, and terms occur with their natural co-occurrence;
//   - phrase2, phrase3: an occurrence drawn uniformly among all phrase candidates of the corpus;
//   - +filter: a range over `filter_field` covering 5-50% of the documents (by rank) around the
//     source document's own value;
//   - +sort: ascending by `sort_fields`, in order.
// A type without any candidate (a tiny corpus) is left out and named in the "skipped" header.
//
// Usage:
//   GeneratorOptions options{.corpus_path = "var/corpus/kjv.jsonl", .seed = 42};
//   options.filter_field = "book_number";
//   GROVE_ASSIGN_OR_RETURN(QuerySet set, generate_query_set(options));
//
// A pure function of its inputs; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "perf/common/query_set.h"
#include "services/base/result.h"

namespace grove::perf {

struct GeneratorOptions {
  std::string corpus_path;
  std::string text_field = "text";
  std::string filter_field;              // empty: no "+filter" queries
  std::vector<std::string> sort_fields;  // empty: no "+sort" queries
  uint64_t seed = 42;
  uint32_t per_type = 1000;
  uint64_t min_df = 10;           // AND/OR terms occur in at least this many documents
  double max_df_fraction = 0.10;  // ... and in at most this fraction of them
};

// InvalidArgument for bad options or a corpus line without the fields; IoError when the corpus
// cannot be read.
Result<QuerySet> generate_query_set(const GeneratorOptions& options);

}  // namespace grove::perf
