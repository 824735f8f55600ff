#pragma once

// A cheap check that Grove and a peer answer the same queries alike (printed, never asserted).
// The peers report only their top hits (grove-peer-bench --dump-hits: corpus ordinals, at most
// kTopK per query), Grove reports its total hit count and its top hits, so:
//  - for a sample of AND queries: Grove's total_hits agrees when the peer returned fewer than
//    kTopK hits and the counts are equal, or the peer returned kTopK and Grove counts at least
//    kTopK; where the peer returned fewer than kTopK (its full match set), the two sets of
//    documents are compared too;
//  - for every query run: the number of hits returned (at most kTopK) is compared per type.
//
// Usage:
//   std::vector<uint32_t> sample = sample_queries(types, QueryOp::kAnd, set, 100);
//   SampleAgreement a = compare_sample("xapian", set, sample, grove_answers, peer_dump);
//
// Pure functions; thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "perf/common/query_set.h"
#include "perf/node/grove_searchers.h"
#include "perf/node/query_bench.h"

namespace grove::perf {

// About `n` queries with operator `op`, spread evenly over those in `types`, in index order.
std::vector<uint32_t> sample_queries(const TypeIndices& types, QueryOp op, const QuerySet& set,
                                     size_t n);

struct SampleAgreement {
  std::string peer;
  size_t sampled = 0;
  size_t counts_agree = 0;
  size_t sets_compared = 0;  // queries where the peer returned fewer than kTopK hits
  size_t sets_agree = 0;     // ... and Grove returned the same documents
  std::vector<std::string> examples;  // a few disagreements, described
};

// `answers` is parallel to `sample`; `peer_hits` is indexed by query index (a dump file).
SampleAgreement compare_sample(const std::string& peer, const QuerySet& set,
                               const std::vector<uint32_t>& sample,
                               const std::vector<GroveAnswer>& answers,
                               const std::vector<std::vector<uint64_t>>& peer_hits);

struct TypeAgreement {
  std::string type;
  size_t compared = 0;
  size_t same_count = 0;  // queries where both returned as many hits
};

// Per type: Grove's returned-hit counts (by query index; -1 = not run) against the peer's.
std::vector<TypeAgreement> compare_hit_counts(const TypeIndices& types,
                                              const std::vector<int32_t>& grove_hits,
                                              const std::vector<std::vector<uint64_t>>& peer_hits);

void print_sample_agreement(const SampleAgreement& a);
void print_type_agreement(const std::string& peer, const std::vector<TypeAgreement>& rows);

}  // namespace grove::perf
