// grove-micro-bench: the in-process index and query core on a synthetic corpus shaped like
// GCIDE (one short `headword` field and a ~100-token `text` field per article, an int
// attribute `length`), words drawn from a Zipf distribution. Prints index build speed, memory
// per document, and single-thread QPS with p50/p99 latency per query type, top 10 by
// bm25(text) + 2 * bm25(headword). Asserts nothing (see perf/README.md).
//
// Usage: grove-micro-bench [--docs N] [--queries N] [--seed S] [--vocabulary V] [--only TYPE]
//                          [--skip-top N] [--exact-hits N] [--slowest N]
// By default it runs two query mixes: "content words" (query words never among the 100 most
// frequent words) and "all words" (stop words included).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "content/index/index.h"
#include "content/ranking/rank_setup.h"
#include "content/search/searcher.h"

namespace grove::perf {
namespace {

using Clock = std::chrono::steady_clock;
using search::QueryExpr;

struct Options {
  uint32_t docs = 126000;
  uint32_t queries = 2000;
  uint32_t seed = 20240601;
  uint32_t vocabulary = 200000;
  double zipf = 1.0;
  std::string only;  // run only query types whose name contains this
  // Query words are drawn like text words (Zipf). The "content words" mix leaves out the
  // skip_top most frequent words, as stop words; the "all words" mix keeps them.
  uint32_t skip_top = 100;
  bool both_mixes = true;
  uint64_t exact_hits = search::kDefaultExactHitLimit;
  uint32_t slowest = 0;  // print this many slowest queries of each type
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const uint64_t v = std::strtoull(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--docs") == 0) o.docs = static_cast<uint32_t>(v);
    if (std::strcmp(argv[i], "--queries") == 0) o.queries = static_cast<uint32_t>(v);
    if (std::strcmp(argv[i], "--seed") == 0) o.seed = static_cast<uint32_t>(v);
    if (std::strcmp(argv[i], "--vocabulary") == 0) o.vocabulary = static_cast<uint32_t>(v);
    if (std::strcmp(argv[i], "--only") == 0) o.only = argv[i + 1];
    if (std::strcmp(argv[i], "--skip-top") == 0) {
      o.skip_top = static_cast<uint32_t>(v);
      o.both_mixes = false;
    }
    if (std::strcmp(argv[i], "--exact-hits") == 0) o.exact_hits = v;
    if (std::strcmp(argv[i], "--slowest") == 0) o.slowest = static_cast<uint32_t>(v);
  }
  return o;
}

// Word of Zipf rank r: shorter for common words, like natural language.
std::string word_of(uint32_t rank) {
  std::string w;
  uint32_t x = rank + 1;
  while (x > 0) {
    w.push_back(static_cast<char>('a' + x % 26));
    x /= 26;
  }
  return w;
}

class Zipf {
 public:
  Zipf(uint32_t n, double s) : cdf_(n) {
    double sum = 0;
    for (uint32_t r = 0; r < n; ++r) cdf_[r] = sum += 1.0 / std::pow(r + 1, s);
    for (double& c : cdf_) c /= sum;
  }
  uint32_t operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<>(0, 1)(rng);
    return static_cast<uint32_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

struct Corpus {
  std::vector<std::vector<uint32_t>> text;  // word ranks
  std::vector<uint32_t> headword;
};

Corpus make_corpus(const Options& o, const Zipf& zipf, std::mt19937_64& rng) {
  Corpus c;
  for (uint32_t d = 0; d < o.docs; ++d) {
    const uint32_t len = 50 + static_cast<uint32_t>(rng() % 101);
    std::vector<uint32_t> words(len);
    for (uint32_t& w : words) w = zipf(rng);
    c.text.push_back(std::move(words));
    c.headword.push_back(static_cast<uint32_t>(rng() % o.vocabulary));
  }
  return c;
}

index::IndexInput input_of(const Corpus& c, uint32_t d) {
  index::IndexInput in;
  index::IndexFieldInput text{"text", {}};
  for (uint32_t i = 0; i < c.text[d].size(); ++i) text.tokens.push_back({word_of(c.text[d][i]), i});
  in.fields.push_back(std::move(text));
  in.fields.push_back({"headword", {{word_of(c.headword[d]), 0}}});
  int64_t bytes = 0;
  for (uint32_t w : c.text[d]) bytes += static_cast<int64_t>(word_of(w).size()) + 1;
  in.attributes.push_back({"length", bytes});
  return in;
}

struct QueryType {
  const char* name;
  std::vector<QueryExpr> queries;
};

std::vector<QueryType> make_queries(const Options& o, const Corpus& c, const Zipf& zipf,
                                    std::mt19937_64& rng) {
  auto query_word = [&] {
    uint32_t w = zipf(rng);
    while (w < o.skip_top) w = zipf(rng);
    return word_of(w);
  };
  auto term = [&] { return QueryExpr::term("default", query_word()); };
  auto terms = [&](int n) {
    std::vector<QueryExpr> out;
    for (int i = 0; i < n; ++i) out.push_back(term());
    return out;
  };
  std::vector<QueryType> types = {{"1-term", {}},       {"2-term AND", {}}, {"3-term AND", {}},
                                  {"2-term OR", {}},    {"3-term OR", {}},  {"phrase", {}},
                                  {"filtered AND", {}}, {"filtered OR", {}}};
  for (uint32_t i = 0; i < o.queries; ++i) {
    types[0].queries.push_back(term());
    types[1].queries.push_back(QueryExpr::and_(terms(2)));
    types[2].queries.push_back(QueryExpr::and_(terms(3)));
    types[3].queries.push_back(QueryExpr::or_(terms(2)));
    types[4].queries.push_back(QueryExpr::or_(terms(3)));
    // Two adjacent words of some document (neither among the skipped frequent words).
    for (;;) {
      const auto& doc = c.text[rng() % c.text.size()];
      const size_t at = rng() % (doc.size() - 1);
      if (doc[at] < o.skip_top || doc[at + 1] < o.skip_top) continue;
      types[5].queries.push_back(
          QueryExpr::phrase("text", {word_of(doc[at]), word_of(doc[at + 1])}));
      break;
    }
    const double bound = 300 + static_cast<double>(rng() % 600);
    types[6].queries.push_back(QueryExpr::and_({term(), QueryExpr::greater("length", bound)}));
    types[7].queries.push_back(
        QueryExpr::and_({QueryExpr::or_(terms(2)), QueryExpr::less("length", bound)}));
  }
  return types;
}

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of this thread: on a shared machine it excludes time spent descheduled.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Slow {
  double seconds;
  size_t query;
  search::QueryMetrics metrics;
};

// Runs one query type and prints its figures; returns the CPU seconds of the timed pass.
double run_type(const search::Searcher& searcher, const index::Index& idx, const QueryType& type,
                uint64_t exact_hits, uint32_t slowest) {
  std::vector<Slow> slow;
  std::vector<double> latencies;
  uint64_t hits = 0;
  uint64_t inexact = 0;
  search::SearchRequest request;
  request.hits = 10;
  request.exact_hit_limit = exact_hits;
  double cpu = 0;
  for (int pass = 0; pass < 2; ++pass) {  // the first pass warms caches
    latencies.clear();
    const double cpu_start = thread_cpu_seconds();
    for (const QueryExpr& q : type.queries) {
      request.query = search::QueryTree::from(q);
      const Clock::time_point start = Clock::now();
      index::IndexSnapshot snap = idx.snapshot();
      Result<search::SearchResult> r = searcher.search(snap, request);
      latencies.push_back(seconds(start, Clock::now()));
      if (pass == 1 && r.ok()) {
        slow.push_back(
            {latencies.back(), static_cast<size_t>(&q - type.queries.data()), r->metrics});
        hits += r->total_hits;
        inexact += r->total_hits_exact ? 0 : 1;
      }
    }
    cpu = thread_cpu_seconds() - cpu_start;
  }
  double total = 0;
  for (double l : latencies) total += l;
  std::sort(latencies.begin(), latencies.end());
  const auto pct = [&](double p) {
    return latencies[static_cast<size_t>(p * (latencies.size() - 1))];
  };
  std::printf(
      "  %-13s %7.0f QPS (cpu %7.0f)  p50 %7.1f us  p99 %8.1f us  avg hits %7.0f (%llu%% lower "
      "bound)\n",
      type.name, latencies.size() / total, latencies.size() / cpu, pct(0.5) * 1e6, pct(0.99) * 1e6,
      static_cast<double>(hits) / latencies.size(),
      static_cast<unsigned long long>(100 * inexact / latencies.size()));
  std::sort(slow.begin(), slow.end(),
            [](const Slow& a, const Slow& b) { return a.seconds > b.seconds; });
  for (uint32_t i = 0; i < slowest && i < slow.size(); ++i) {
    const Slow& s = slow[i];
    std::printf("      %8.1f us  %s  matched %llu  ranked %llu\n", s.seconds * 1e6,
                search::QueryTree::from(type.queries[s.query]).to_string().c_str(),
                static_cast<unsigned long long>(s.metrics.documents_matched),
                static_cast<unsigned long long>(s.metrics.first_phase_evaluations));
  }
  return cpu;
}

int run(const Options& o) {
  std::printf("grove-micro-bench: docs=%u queries/type=%u seed=%u vocabulary=%u zipf=%.2f\n",
              o.docs, o.queries, o.seed, o.vocabulary, o.zipf);
  std::printf(
      "corpus: per doc a headword (1 random word) and a text of 50-150 Zipf words; "
      "int attribute length\n");
  std::mt19937_64 rng(o.seed);
  const Zipf zipf(o.vocabulary, o.zipf);
  const Corpus corpus = make_corpus(o, zipf, rng);
  std::vector<index::IndexInput> inputs;
  for (uint32_t d = 0; d < o.docs; ++d) inputs.push_back(input_of(corpus, d));

  index::IndexConfig config =
      index::IndexConfig::create({{"headword"}, {"text"}}, {{"length", index::AttributeType::kInt}},
                                 {{"default", {"headword", "text"}}})
          .value();
  auto idx = index::Index::create(config).value();
  const Clock::time_point build_start = Clock::now();
  for (uint32_t d = 0; d < o.docs; ++d) {
    if (!idx->add(d, inputs[d]).ok()) return 1;
    if (d % 1000 == 999) idx->commit();
  }
  idx->commit();
  const double build = seconds(build_start, Clock::now());
  idx->shrink_to_fit();
  idx->commit();
  const index::IndexMemoryUsage m = idx->memory_usage();
  const double per_doc = static_cast<double>(m.total()) / o.docs;
  std::printf("index build: %.2f s, %.0f docs/s (%llu terms, %llu postings)\n", build,
              o.docs / build, static_cast<unsigned long long>(m.terms),
              static_cast<unsigned long long>(m.postings));
  std::printf(
      "memory: %.0f bytes/doc total = dictionary %.0f + docs %.0f + positions %.0f + "
      "skip %.0f + norms %.0f + attributes %.0f + rows %.0f\n",
      per_doc, double(m.dictionary) / o.docs, double(m.docs) / o.docs, double(m.positions) / o.docs,
      double(m.skip) / o.docs, double(m.lengths) / o.docs, double(m.attributes) / o.docs,
      double(m.rows) / o.docs);

  auto profile = ranking::make_rank_profile("default", "bm25(text) + 2 * bm25(headword)").value();
  ranking::RankProfiles profiles = ranking::RankProfiles::compile({profile}, config).value();
  search::Searcher searcher(profiles);
  std::vector<uint32_t> mixes = {o.skip_top};
  if (o.both_mixes) mixes.push_back(0);
  for (uint32_t skip : mixes) {
    Options mix = o;
    mix.skip_top = skip;
    std::mt19937_64 query_rng(o.seed + skip);
    std::vector<QueryType> types = make_queries(mix, corpus, zipf, query_rng);
    std::printf(
        "\n%s mix (query words skip the %u most frequent words); single thread, top 10 by "
        "bm25(text) + 2 * bm25(headword), exact hit count up to %llu:\n",
        skip > 0 ? "content words" : "all words", skip,
        static_cast<unsigned long long>(o.exact_hits));
    double total_seconds = 0;
    size_t total_queries = 0;
    for (const QueryType& t : types) {
      if (o.only.empty() || std::string(t.name).find(o.only) != std::string::npos) {
        total_seconds += run_type(searcher, *idx, t, o.exact_hits, o.slowest);
        total_queries += t.queries.size();
      }
    }
    std::printf("  %-13s %7.0f QPS over all types (cpu time)\n", "mix",
                static_cast<double>(total_queries) / total_seconds);
  }
  return 0;
}

}  // namespace
}  // namespace grove::perf

int main(int argc, char** argv) {
  return grove::perf::run(grove::perf::parse(argc, argv));
}
