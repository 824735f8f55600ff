#include "content/search/searcher.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "content/index/index.h"
#include "content/ranking/rank_setup.h"

namespace grove::search {
namespace {

using index::AttributeType;
using index::LocalDocId;

struct Doc {
  std::string body;
  std::optional<int64_t> year = {};
  std::optional<double> price = {};
  std::string title = {};
};

index::IndexInput input_of(const Doc& d) {
  index::IndexInput in;
  auto add = [&](const char* name, const std::string& text) {
    index::IndexFieldInput f{name, {}};
    uint32_t pos = 0;
    for (size_t s = 0; s < text.size();) {
      size_t e = text.find(' ', s);
      if (e == std::string::npos) e = text.size();
      if (e > s) f.tokens.push_back({text.substr(s, e - s), pos++});
      s = e + 1;
    }
    in.fields.push_back(std::move(f));
  };
  add("body", d.body);
  add("title", d.title);
  if (d.year) in.attributes.push_back({"year", *d.year});
  if (d.price) in.attributes.push_back({"price", *d.price});
  return in;
}

// An index over `docs` (lid = position) and a searcher with a few profiles.
struct Fixture {
  index::IndexConfig config = index::IndexConfig::create({{"body"}, {"title"}},
                                                         {{"year", AttributeType::kInt},
                                                          {"price", AttributeType::kDouble},
                                                          {"name", AttributeType::kString}},
                                                         {{"default", {"title", "body"}}})
                                  .value();
  ranking::RankProfiles profiles = make_profiles();
  Searcher searcher{profiles};
  std::unique_ptr<index::Index> idx = index::Index::create(config).value();

  ranking::RankProfiles make_profiles() const {
    using ranking::make_rank_profile;
    return ranking::RankProfiles::compile(
               {make_rank_profile("default", "bm25(body)").value(),
                make_rank_profile("rerank", "bm25(body)", "attribute(year)", 3).value(),
                make_rank_profile("native", "nativeRank(body)").value(),
                make_rank_profile("fm", "fieldMatch(body)").value()},
               config)
        .value();
  }

  void add(const std::vector<Doc>& docs, LocalDocId first = 0) {
    for (size_t i = 0; i < docs.size(); ++i) {
      BOOST_REQUIRE(idx->add(first + static_cast<LocalDocId>(i), input_of(docs[i])).ok());
    }
    idx->commit();
  }

  SearchResult search(SearchRequest r) {
    Result<SearchResult> out = searcher.search(idx->snapshot(), r);
    BOOST_REQUIRE_MESSAGE(out.ok(), out.status().to_string());
    return std::move(out).value();
  }
  SearchResult search(const QueryExpr& q, std::string profile = "default", uint32_t hits = 10) {
    SearchRequest r;
    r.query = QueryTree::from(q);
    r.rank_profile = std::move(profile);
    r.hits = hits;
    return search(std::move(r));
  }
  std::vector<LocalDocId> lids(const QueryExpr& q) {
    std::vector<LocalDocId> out;
    for (const SearchHit& h : search(q, "default", 1000).hits) out.push_back(h.lid);
    std::sort(out.begin(), out.end());
    return out;
  }
};

using Lids = std::vector<LocalDocId>;

}  // namespace

BOOST_AUTO_TEST_SUITE(searcher)

BOOST_FIXTURE_TEST_CASE(posting_intersection_skips_removed_docs, Fixture) {
  add(std::vector<Doc>(10, Doc{"a b c"}));
  BOOST_REQUIRE(idx->remove(3).ok());
  BOOST_REQUIRE(idx->remove(5).ok());
  BOOST_REQUIRE(idx->add(7, input_of(Doc{"a c"})).ok());  // an update: 7 loses "b"
  idx->commit();
  const QueryExpr q = QueryExpr::and_({QueryExpr::term("body", "a"), QueryExpr::term("body", "b")});
  BOOST_TEST(lids(q) == Lids({0, 1, 2, 4, 6, 8, 9}));
  BOOST_TEST(search(q).total_hits == 7u);
  BOOST_TEST(lids(QueryExpr::term("body", "a")) == Lids({0, 1, 2, 4, 6, 7, 8, 9}));
}

BOOST_FIXTURE_TEST_CASE(phrase_matching_uses_positions, Fixture) {
  add({{"the quick brown fox"}, {"quick the fox brown"}, {"brown fox brown fox"}, {"fox"}});
  BOOST_TEST(lids(QueryExpr::phrase("body", {"brown", "fox"})) == Lids({0, 2}));
  BOOST_TEST(lids(QueryExpr::phrase("body", {"fox", "brown"})) == Lids({1, 2}));
  BOOST_TEST(lids(QueryExpr::phrase("body", {"quick", "brown", "fox"})) == Lids({0}));
  BOOST_TEST(lids(QueryExpr::phrase("body", {"brown", "fox", "brown", "fox"})) == Lids({2}));
  BOOST_TEST(lids(QueryExpr::phrase("default", {"the", "fox"})) == Lids({1}));
  BOOST_TEST(lids(QueryExpr::phrase("default", {"fox", "the"})).empty());
  // Two occurrences count as a term frequency of 2 for bm25.
  SearchResult r = search(QueryExpr::phrase("body", {"brown", "fox"}));
  BOOST_REQUIRE(r.hits.size() == 2u);
  BOOST_TEST(r.hits[0].lid == 2u);
}

BOOST_FIXTURE_TEST_CASE(bm25_matches_a_hand_computed_example, Fixture) {
  add({{"a b c"}, {"a a d e"}, {"f g"}});
  SearchResult r = search(QueryExpr::term("body", "a"));
  BOOST_REQUIRE(r.hits.size() == 2u);
  const double idf = std::log(1.6);  // N = 3, n = 2
  // avgdl = 9 / 3 = 3. Doc 1: tf 2, length 4; doc 0: tf 1, length 3.
  BOOST_TEST(r.hits[0].lid == 1u);
  BOOST_TEST(r.hits[0].relevance == idf * 4.4 / 3.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(r.hits[1].lid == 0u);
  BOOST_TEST(r.hits[1].relevance == idf, boost::test_tools::tolerance(1e-12));
}

BOOST_FIXTURE_TEST_CASE(global_stats_change_scores_exactly_as_expected, Fixture) {
  add({{"a b c"}, {"a a d e"}, {"f g"}});
  SearchRequest r;
  r.query = QueryTree::from(QueryExpr::term("body", "a"));
  r.global_stats = CorpusStats{100, {{"body", 500, 100}}, {{"body", "a", 10}}};
  SearchResult out = search(r);
  BOOST_REQUIRE(out.hits.size() == 2u);
  const double idf = std::log(1 + 90.5 / 10.5);
  BOOST_TEST(out.hits[0].relevance == idf * 4.4 / (2 + 1.2 * (0.25 + 0.75 * 4 / 5.0)),
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(out.hits[1].relevance == idf * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / 5.0)),
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(global_stats_make_scores_independent_of_the_layout) {
  std::vector<Doc> docs;
  const char* words[] = {"a", "b", "c", "d", "e"};
  for (int i = 0; i < 40; ++i) {
    std::string body;
    for (int k = 0; k <= i % 7; ++k) body += std::string(words[(i * 3 + k * k) % 5]) + " ";
    docs.push_back({body});
  }
  Fixture whole, left, right;
  whole.add(docs);
  left.add(std::vector<Doc>(docs.begin(), docs.begin() + 13));
  right.add(std::vector<Doc>(docs.begin() + 13, docs.end()), 13);
  const QueryTree q =
      QueryTree::from(QueryExpr::or_({QueryExpr::term("body", "a"), QueryExpr::term("body", "d")}));
  CorpusStats global = left.searcher.local_stats(left.idx->snapshot(), q).value();
  global.merge(right.searcher.local_stats(right.idx->snapshot(), q).value());
  BOOST_TEST(global.total_docs == 40u);
  std::map<LocalDocId, double> expected;
  SearchRequest r;
  r.query = q;
  r.hits = 100;
  for (const SearchHit& h : whole.search(r).hits) expected[h.lid] = h.relevance;
  r.global_stats = global;
  size_t seen = 0;
  for (Fixture* node : {&left, &right}) {
    for (const SearchHit& h : node->search(r).hits) {
      BOOST_TEST(h.relevance == expected.at(h.lid), boost::test_tools::tolerance(1e-12));
      ++seen;
    }
  }
  BOOST_TEST(seen == expected.size());
}

BOOST_FIXTURE_TEST_CASE(range_filters_on_int_and_double_attributes, Fixture) {
  add({{"x", 1999, 1.5}, {"x", 2000, 2.5}, {"x", 2001, 3.5}, {"x", {}, {}}, {"x", 2005, -1.0}});
  auto with = [&](QueryExpr filter) {
    return lids(QueryExpr::and_({QueryExpr::term("body", "x"), std::move(filter)}));
  };
  BOOST_TEST(with(QueryExpr::less("year", 2001)) == Lids({0, 1}));
  BOOST_TEST(with(QueryExpr::less_equal("year", 2001)) == Lids({0, 1, 2}));
  BOOST_TEST(with(QueryExpr::greater("year", 2000)) == Lids({2, 4}));
  BOOST_TEST(with(QueryExpr::greater_equal("year", 2000.5)) == Lids({2, 4}));
  BOOST_TEST(with(QueryExpr::equal("year", 2000)) == Lids({1}));
  BOOST_TEST(with(QueryExpr::range("year", 1999, 2001, false, false)) == Lids({1}));
  BOOST_TEST(with(QueryExpr::less("price", 2.5)) == Lids({0, 4}));
  BOOST_TEST(with(QueryExpr::range("price", 1.5, 3.5)) == Lids({0, 1, 2}));
  BOOST_TEST(with(QueryExpr::greater("price", -100)) == Lids({0, 1, 2, 4}));  // not missing
  BOOST_TEST(lids(QueryExpr::range("year", 2000, {})) == Lids({1, 2, 4}));    // range alone
  BOOST_TEST(with(QueryExpr::greater("year", 2005)).empty());  // past every stored value
}

BOOST_FIXTURE_TEST_CASE(order_by_sorts_ascending_and_descending_with_missing_last, Fixture) {
  add({{"x", 2001, 5.0}, {"x", 1999, 5.0}, {"x", {}, 1.0}, {"x", 2010, 2.0}, {"x", 2001, 1.0}});
  SearchRequest r;
  r.query = QueryTree::from(QueryExpr::term("body", "x"));
  r.order_by = {{"year", true}};
  auto order = [&](SearchRequest req) {
    Lids out;
    for (const SearchHit& h : search(req).hits) out.push_back(h.lid);
    return out;
  };
  BOOST_TEST(order(r) == Lids({1, 0, 4, 3, 2}));
  r.order_by = {{"year", false}};
  BOOST_TEST(order(r) == Lids({3, 0, 4, 1, 2}));
  r.order_by = {{"year", false}, {"price", true}};
  BOOST_TEST(order(r) == Lids({3, 4, 0, 1, 2}));
  SearchResult out = search(r);
  BOOST_TEST(std::get<int64_t>(out.hits[0].sort_values[0]) == 2010);
  BOOST_TEST(std::get<double>(out.hits[0].sort_values[1]) == 2.0);
  BOOST_TEST(std::holds_alternative<std::monostate>(out.hits[4].sort_values[0]));
  BOOST_TEST(out.total_hits == 5u);
  r.offset = 1;
  r.hits = 2;
  BOOST_TEST(order(r) == Lids({4, 0}));
}

BOOST_FIXTURE_TEST_CASE(offset_skips_the_best_hits, Fixture) {
  std::vector<Doc> docs;
  for (int i = 0; i < 8; ++i)
    docs.push_back({"x " + std::string(i, 'y') + " " + std::string(i, 'z')});
  for (int i = 0; i < 8; ++i) {
    std::string body = "x";
    for (int k = 0; k < i; ++k) body += " pad";
    docs[i].body = body;
  }
  add(docs);
  SearchRequest r;
  r.query = QueryTree::from(QueryExpr::term("body", "x"));
  r.hits = 3;
  Lids first, second;
  for (const SearchHit& h : search(r).hits) first.push_back(h.lid);
  r.offset = 3;
  for (const SearchHit& h : search(r).hits) second.push_back(h.lid);
  BOOST_TEST(first == Lids({0, 1, 2}));  // shortest body scores highest
  BOOST_TEST(second == Lids({3, 4, 5}));
  r.offset = 7;
  BOOST_TEST(search(r).hits.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(second_phase_reranks_only_rerank_count_docs, Fixture) {
  // bm25 prefers short bodies (lids 0, 1, 2 first); the second phase prefers late years.
  std::vector<Doc> docs;
  for (int i = 0; i < 10; ++i) {
    std::string body = "x";
    for (int k = 0; k < i; ++k) body += " pad";
    docs.push_back({body, 2000 + i});
  }
  add(docs);
  SearchResult r = search(QueryExpr::term("body", "x"), "rerank", 10);
  BOOST_TEST(r.metrics.second_phase_evaluations == 3u);
  BOOST_TEST(r.metrics.first_phase_evaluations == 10u);
  Lids order;
  for (const SearchHit& h : r.hits) order.push_back(h.lid);
  BOOST_TEST(order == Lids({2, 1, 0, 3, 4, 5, 6, 7, 8, 9}));
  BOOST_TEST(r.hits[0].relevance == 2002.0);
  BOOST_TEST(r.hits[2].relevance == 2000.0);
  BOOST_TEST(r.hits[3].relevance <= 2000.0);  // the rest stays below the re-ranked block
}

BOOST_FIXTURE_TEST_CASE(unknown_fields_profiles_and_attributes_are_invalid_arguments, Fixture) {
  add({{"x", 2000}});
  auto fails = [&](SearchRequest r, const std::string& needle) {
    Result<SearchResult> out = searcher.search(idx->snapshot(), r);
    BOOST_TEST(out.status().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(out.status().message().find(needle) != std::string::npos, out.status().message());
  };
  SearchRequest r;
  r.query = QueryTree::from(
      QueryExpr::and_({QueryExpr::term("body", "x"), QueryExpr::term("nosuchfield", "y")}));
  fails(r, "'nosuchfield'");
  r.query = QueryTree::from(QueryExpr::phrase("year", {"a", "b"}));
  fails(r, "'year'");
  r.query = QueryTree::from(QueryExpr::range("body", 1, 2));
  fails(r, "'body'");
  r.query = QueryTree::from(QueryExpr::range("name", 1, 2));
  fails(r, "'name'");
  r.query = QueryTree::from(QueryExpr::term("", "x"));  // the default fieldset exists
  BOOST_TEST(searcher.search(idx->snapshot(), r).ok());
  r.rank_profile = "nope";
  fails(r, "'nope'");
  r.rank_profile = "default";
  r.order_by = {{"nosort", true}};
  fails(r, "'nosort'");
  r.order_by.clear();
  r.query.nodes[0].children = {42};
  r.query.nodes[0].kind = QueryNodeKind::kAnd;
  fails(r, "out of range");
}

BOOST_FIXTURE_TEST_CASE(local_stats_report_documents_fields_and_terms, Fixture) {
  add({{"a b", {}, {}, "a"}, {"a c d"}, {"e"}});
  const QueryTree q = QueryTree::from(
      QueryExpr::or_({QueryExpr::term("default", "a"), QueryExpr::phrase("body", {"c", "d"})}));
  CorpusStats s = searcher.local_stats(idx->snapshot(), q).value();
  BOOST_TEST(s.total_docs == 3u);
  BOOST_TEST(s.field("body")->length_sum == 6u);
  BOOST_TEST(s.field("body")->doc_count == 3u);
  BOOST_TEST(s.field("title")->doc_count == 1u);
  BOOST_TEST(*s.doc_freq("body", "a") == 2u);
  BOOST_TEST(*s.doc_freq("title", "a") == 1u);
  BOOST_TEST(*s.doc_freq("body", "d") == 1u);
}

BOOST_FIXTURE_TEST_CASE(pruning_skips_documents_but_keeps_the_top_hits, Fixture) {
  std::vector<Doc> docs;
  // The best documents come first; later blocks cannot beat them.
  for (int i = 0; i < 3000; ++i) {
    std::string body = i < 40 ? "common common" : "common";
    for (int k = 0; k < (i < 40 ? i % 3 : 10 + (i * 7919) % 13); ++k) body += " pad";
    docs.push_back({body});
  }
  add(docs);
  SearchRequest r;
  r.query = QueryTree::from(QueryExpr::term("body", "common"));
  r.exact_hit_limit = UINT64_MAX;
  SearchResult exact = search(r);
  r.exact_hit_limit = 100;
  SearchResult pruned = search(r);
  BOOST_TEST(exact.total_hits == 3000u);
  BOOST_TEST(exact.total_hits_exact);
  BOOST_TEST(!pruned.total_hits_exact);
  BOOST_TEST(pruned.total_hits >= 100u);
  BOOST_TEST(pruned.total_hits < exact.total_hits);  // skipped, not even counted
  BOOST_TEST(pruned.metrics.first_phase_evaluations <= exact.metrics.first_phase_evaluations);
  // Even while counting exactly, only documents that can enter the top 10 are ranked.
  BOOST_TEST(exact.metrics.first_phase_evaluations < 3000u);
  BOOST_REQUIRE(pruned.hits.size() == exact.hits.size());
  for (size_t i = 0; i < exact.hits.size(); ++i) {
    BOOST_TEST(pruned.hits[i].lid == exact.hits[i].lid);
    BOOST_TEST(pruned.hits[i].relevance == exact.hits[i].relevance);
  }
}

BOOST_FIXTURE_TEST_CASE(text_features_stay_within_zero_and_one_and_reward_proximity, Fixture) {
  add({{"quick brown fox"},
       {"quick pad pad pad pad brown fox"},
       {"fox brown quick"},
       {"pad pad pad pad pad pad pad pad quick"}});
  const QueryExpr q =
      QueryExpr::or_({QueryExpr::term("body", "quick"), QueryExpr::term("body", "brown")});
  for (const char* profile : {"native", "fm"}) {
    SearchResult r = search(q, profile);
    BOOST_REQUIRE(r.hits.size() == 4u);
    for (const SearchHit& h : r.hits) {
      BOOST_TEST(h.relevance >= 0.0);
      BOOST_TEST(h.relevance <= 1.0);
    }
    BOOST_TEST(r.hits[0].lid == 0u, profile);  // adjacent, in order, early
    BOOST_TEST(r.hits[3].lid == 3u, profile);  // one term, late
  }
}

BOOST_FIXTURE_TEST_CASE(readers_concurrent_with_a_writer_see_consistent_results, Fixture) {
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> queries{0};
  std::thread reader([&] {
    SearchRequest r;
    r.query = QueryTree::from(QueryExpr::and_(
        {QueryExpr::term("default", "common"), QueryExpr::range("year", 0, 1000000)}));
    r.hits = 20;
    while (!stop.load()) {
      index::IndexSnapshot snap = idx->snapshot();
      Result<SearchResult> out = searcher.search(snap, r);
      if (!out.ok() || out->total_hits > snap.active_docs()) failed = true;
      for (size_t i = 0; out.ok() && i < out->hits.size(); ++i) {
        if (out->hits[i].lid >= 4000) failed = true;
        if (i > 0 && out->hits[i].relevance > out->hits[i - 1].relevance) failed = true;
      }
      queries.fetch_add(1);
    }
  });
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  for (uint32_t n = 0; std::chrono::steady_clock::now() < end && n < 400000; ++n) {
    const LocalDocId lid = n % 4000;
    std::string body = "common w" + std::to_string(n % 97);
    for (uint32_t k = 0; k < n % 11; ++k) body += " pad";
    BOOST_REQUIRE(idx->add(lid, input_of(Doc{body, static_cast<int64_t>(n)})).ok());
    if (n % 3 == 0 && idx->contains((n * 7) % 4000))
      BOOST_REQUIRE(idx->remove((n * 7) % 4000).ok());
    if (n % 64 == 0) idx->commit();
  }
  idx->commit();
  stop = true;
  reader.join();
  BOOST_TEST(!failed.load());
  BOOST_TEST(queries.load() > 0u);
  BOOST_TEST_MESSAGE("queries during feeding: " << queries.load());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::search
