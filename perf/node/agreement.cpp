#include "perf/node/agreement.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

namespace grove::perf {

namespace {

bool counts_agree(const GroveAnswer& grove, size_t peer_count) {
  if (peer_count < kTopK) return grove.total_hits == peer_count;
  return grove.total_hits >= kTopK;
}

bool same_documents(std::vector<uint64_t> a, std::vector<uint64_t> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

std::string describe(const Query& q, const GroveAnswer& grove, const std::vector<uint64_t>& peer) {
  return fmt::format("{}: grove total_hits={}{} top=[{}], peer returned {} [{}]", format_query(q),
                     grove.total_hits, grove.total_hits_exact ? "" : "+",
                     fmt::join(grove.ordinals, " "), peer.size(), fmt::join(peer, " "));
}

double percent(size_t part, size_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::vector<uint32_t> sample_queries(const TypeIndices& types, QueryOp op, const QuerySet& set,
                                     size_t n) {
  std::vector<uint32_t> candidates;
  for (const auto& [type, indices] : types) {
    for (uint32_t i : indices) {
      if (set.queries[i].op == op) candidates.push_back(i);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  if (n == 0 || candidates.size() <= n) return candidates;
  std::vector<uint32_t> out;
  for (size_t k = 0; k < n; ++k) out.push_back(candidates[k * candidates.size() / n]);
  return out;
}

SampleAgreement compare_sample(const std::string& peer, const QuerySet& set,
                               const std::vector<uint32_t>& sample,
                               const std::vector<GroveAnswer>& answers,
                               const std::vector<std::vector<uint64_t>>& peer_hits) {
  SampleAgreement out;
  out.peer = peer;
  for (size_t k = 0; k < sample.size() && k < answers.size(); ++k) {
    const uint32_t i = sample[k];
    if (i >= peer_hits.size()) continue;
    const std::vector<uint64_t>& theirs = peer_hits[i];
    ++out.sampled;
    bool agree = counts_agree(answers[k], theirs.size());
    out.counts_agree += agree;
    if (theirs.size() < kTopK) {
      ++out.sets_compared;
      bool same = same_documents(answers[k].ordinals, theirs);
      out.sets_agree += same;
      agree = agree && same;
    }
    if (!agree && out.examples.size() < 5) out.examples.push_back(describe(set.queries[i], answers[k], theirs));
  }
  return out;
}

std::vector<TypeAgreement> compare_hit_counts(const TypeIndices& types,
                                              const std::vector<int32_t>& grove_hits,
                                              const std::vector<std::vector<uint64_t>>& peer_hits) {
  std::vector<TypeAgreement> rows;
  for (const auto& [type, indices] : types) {
    TypeAgreement row{.type = type};
    for (uint32_t i : indices) {
      if (i >= grove_hits.size() || i >= peer_hits.size() || grove_hits[i] < 0) continue;
      ++row.compared;
      row.same_count += static_cast<size_t>(grove_hits[i]) == peer_hits[i].size();
    }
    rows.push_back(row);
  }
  return rows;
}

void print_sample_agreement(const SampleAgreement& a) {
  std::printf(
      "agreement with %s on %zu sampled AND queries: total_hits consistent %zu (%.1f%%); "
      "same documents where %s returned < %u hits: %zu of %zu (%.1f%%)\n",
      a.peer.c_str(), a.sampled, a.counts_agree, percent(a.counts_agree, a.sampled),
      a.peer.c_str(), kTopK, a.sets_agree, a.sets_compared, percent(a.sets_agree, a.sets_compared));
  for (const std::string& e : a.examples) std::printf("  differs: %s\n", e.c_str());
}

void print_type_agreement(const std::string& peer, const std::vector<TypeAgreement>& rows) {
  std::printf("hits returned (<= %u) equal to %s's, per type:", kTopK, peer.c_str());
  for (const TypeAgreement& r : rows) {
    std::printf(" %s %.1f%%", r.type.c_str(), percent(r.same_count, r.compared));
  }
  std::printf("\n");
}

}  // namespace grove::perf
