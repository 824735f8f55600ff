// Every query shape against a brute-force reference over seeded random corpora: the matched
// set must be the same, and the top hits by bm25 must have the same scores, with and without
// pruning.

#include <boost/test/unit_test.hpp>

#include <set>

#include "content/ranking/rank_setup.h"
#include "content/search/searcher.h"
#include "tests/unit/content/search/test_corpus.h"

namespace grove::search {
namespace {

using testing::BruteForce;
using testing::TestCorpus;

constexpr const char* kLinear = "bm25(body) + 0.5 * bm25(title)";
// The same value through a form the pruning matcher does not recognize.
constexpr const char* kOpaque = "if(1 > 0, bm25(body) + 0.5 * bm25(title), 0)";

struct Setup {
  index::IndexConfig config = testing::corpus_config();
  ranking::RankProfiles profiles =
      ranking::RankProfiles::compile({ranking::make_rank_profile("linear", kLinear).value(),
                                      ranking::make_rank_profile("opaque", kOpaque).value()},
                                     config)
          .value();
  Searcher searcher{profiles};
};

// Random queries of one shape.
QueryExpr random_query(TestCorpus& c, int shape) {
  auto t = [&](const char* field) { return QueryExpr::term(field, c.word()); };
  auto any_field = [&]() {
    static const char* kFields[] = {"body", "title", "default"};
    return t(kFields[c.rng()() % 3]);
  };
  auto doc_phrase = [&]() {
    const auto& d = c.docs()[c.rng()() % c.docs().size()];
    size_t start = c.rng()() % (d.body.size() - 1);
    return QueryExpr::phrase("body", {d.body[start], d.body[start + 1]});
  };
  switch (shape) {
    case 0:
      return t("body");
    case 1:
      return t("default");
    case 2:
      return QueryExpr::or_({any_field(), any_field(), any_field()});
    case 3:
      return QueryExpr::and_({any_field(), any_field()});
    case 4:
      return QueryExpr::and_({t("default"), QueryExpr::range("year", 1995, 2010)});
    case 5:
      return QueryExpr::and_not(QueryExpr::or_({any_field(), any_field()}), {t("body")});
    case 6:
      return doc_phrase();
    case 7:
      return QueryExpr::weak_and({t("body"), t("body"), t("default"), t("title")}, 7);
    case 8:
      return QueryExpr::or_({QueryExpr::and_({any_field(), any_field()}), doc_phrase(),
                             QueryExpr::and_not(any_field(), {any_field()})});
    case 9:
      return QueryExpr::and_({QueryExpr::or_({any_field(), any_field()}),
                              QueryExpr::or_({any_field(), any_field()}), t("default")});
    case 10:
      return QueryExpr::and_({QueryExpr::all(), QueryExpr::range("price", 10.5, 60, false, true)});
    case 11:
      return QueryExpr::and_not(QueryExpr::and_({t("default"), QueryExpr::greater("year", 2000)}),
                                {QueryExpr::less_equal("price", 20)});
    case 12:
      return QueryExpr::or_({t("all"), QueryExpr::term("all", "red")});
    case 13:
      return QueryExpr::phrase("default", {c.word(), c.word(), c.word()});
    case 14:
      return QueryExpr::and_({doc_phrase(), QueryExpr::range("year", 1990, 2012)});
    case 15:
      return QueryExpr::and_not(doc_phrase(), {t("title")});
    default:
      return QueryExpr::and_({t("body"), QueryExpr::greater("year", 5000)});  // empty
  }
}
constexpr int kShapes = 17;

SearchResult run(const Setup& s, const index::Index& idx, const QueryExpr& q, const char* profile,
                 uint32_t hits, uint64_t exact_limit) {
  SearchRequest r;
  r.query = QueryTree::from(q);
  r.rank_profile = profile;
  r.hits = hits;
  r.exact_hit_limit = exact_limit;
  index::IndexSnapshot snap = idx.snapshot();
  Result<SearchResult> out = s.searcher.search(snap, r);
  BOOST_REQUIRE_MESSAGE(out.ok(), out.status().to_string());
  return std::move(out).value();
}

void check_matched_set(const Setup& s, const index::Index& idx, const BruteForce& bf,
                       const QueryExpr& q, const char* profile) {
  const std::vector<BruteForce::Match> expected = bf.evaluate(q);
  SearchResult got = run(s, idx, q, profile, 100000, UINT64_MAX);
  const std::string text = QueryTree::from(q).to_string();
  if (got.total_hits != expected.size()) {
    std::string diff;
    std::set<index::LocalDocId> a, b;
    for (const auto& m : expected) a.insert(m.lid);
    for (const auto& h : got.hits) b.insert(h.lid);
    for (auto x : a)
      if (!b.count(x)) diff += " -" + std::to_string(x);
    for (auto x : b)
      if (!a.count(x)) diff += " +" + std::to_string(x);
    BOOST_TEST_MESSAGE(text << " " << profile << " diff:" << diff);
  }
  BOOST_TEST_REQUIRE(got.total_hits == expected.size(), text);
  BOOST_TEST(got.total_hits_exact);
  std::vector<index::LocalDocId> want, have;
  for (const auto& m : expected) want.push_back(m.lid);
  for (const auto& h : got.hits) have.push_back(h.lid);
  std::sort(have.begin(), have.end());
  BOOST_TEST_REQUIRE(have == want, text);
}

void check_top_hits(const Setup& s, const index::Index& idx, const BruteForce& bf,
                    const QueryExpr& q, const char* profile, uint64_t exact_limit) {
  std::vector<BruteForce::Match> expected = bf.evaluate(q);
  std::map<index::LocalDocId, double> score_of;
  for (const auto& m : expected) score_of[m.lid] = m.score;
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
  SearchResult got = run(s, idx, q, profile, 10, exact_limit);
  const std::string text = QueryTree::from(q).to_string() + " " + profile;
  BOOST_TEST_REQUIRE(got.hits.size() == std::min<size_t>(10, expected.size()), text);
  for (size_t i = 0; i < got.hits.size(); ++i) {
    BOOST_TEST_REQUIRE(std::abs(got.hits[i].relevance - expected[i].score) < 1e-9, text);
    BOOST_TEST_REQUIRE(std::abs(score_of.at(got.hits[i].lid) - got.hits[i].relevance) < 1e-9, text);
  }
  if (got.total_hits_exact) BOOST_TEST(got.total_hits == expected.size());
  BOOST_TEST(got.total_hits <= expected.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(brute_force)

BOOST_AUTO_TEST_CASE(every_query_shape_matches_the_brute_force_set) {
  Setup s;
  for (uint32_t seed : {1u, 2u, 3u}) {
    TestCorpus corpus(seed, 700, 0.1);
    auto idx = corpus.build();
    BOOST_REQUIRE(idx != nullptr);
    BruteForce bf(corpus, {{"body", 1.0}, {"title", 0.5}});
    for (int shape = 0; shape < kShapes; ++shape) {
      for (int i = 0; i < 12; ++i) {
        QueryExpr q = random_query(corpus, shape);
        check_matched_set(s, *idx, bf, q, "linear");
        check_matched_set(s, *idx, bf, q, "opaque");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(top_hits_by_bm25_equal_brute_force_scoring_with_and_without_pruning) {
  Setup s;
  for (uint32_t seed : {4u, 5u}) {
    TestCorpus corpus(seed, 900, 0.05);
    auto idx = corpus.build();
    BruteForce bf(corpus, {{"body", 1.0}, {"title", 0.5}});
    for (int shape = 0; shape < kShapes; ++shape) {
      for (int i = 0; i < 12; ++i) {
        QueryExpr q = random_query(corpus, shape);
        check_top_hits(s, *idx, bf, q, "opaque", UINT64_MAX);  // exhaustive
        check_top_hits(s, *idx, bf, q, "linear", UINT64_MAX);  // pruning matcher, no pruning
        check_top_hits(s, *idx, bf, q, "linear", 0);           // pruning from the start
        check_top_hits(s, *idx, bf, q, "linear", 50);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::search
