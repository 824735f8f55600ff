// Every case runs against every peer engine: they must answer the same small corpus the same way.
#include "perf/peers/peer_engine.h"

#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <set>

#include "perf/common/query_set.h"
#include "perf/peers/bench_runner.h"
#include "tests/unit/perf/temp_dir.h"

namespace grove::perf {

namespace {

const char* const kEngines[] = {"xapian", "fts5"};

std::string doc(int n, std::string_view text, int length, int book, int verse) {
  return fmt::format(
      R"({{"put": "id:t:t::{}", "fields": {{"text": "{}", "length": {}, "book": {}, "verse": {}}}}})"
      "\n",
      n, text, length, book, verse);
}

// Ordinals: 0..5.
std::string corpus_text() {
  return doc(0, "The quick brown fox.", 10, 2, 1) +
         doc(1, "The lazy dog sleeps all day long", 20, 1, 2) +
         doc(2, "A quick thinking fox hunts the brown dog", 30, 1, 1) +
         doc(3, "brown fox, brown fox", 40, 3, 1) + doc(4, "Nothing to see here at all", 50, 1, 3) +
         doc(5, "the sleepy dog and the fox went for a long walk in the quiet woods", 60, 2, 2);
}

struct Loaded {
  TempDir dir;
  QuerySet set;
  std::unique_ptr<PeerEngine> engine;
};

std::unique_ptr<Loaded> load(const char* name, const std::string& queries,
                             const std::string& corpus_jsonl = corpus_text()) {
  auto loaded = std::make_unique<Loaded>();
  std::string corpus = loaded->dir.write("c.jsonl", corpus_jsonl);
  auto set = parse_query_set(queries, "queries");
  BOOST_REQUIRE_MESSAGE(set.ok(), set.status());
  loaded->set = std::move(set).value();
  CorpusFields fields{.text = {"text"}, .numeric = {"length", "book", "verse"}};
  auto engine = make_peer_engine(
      name, {.workdir = loaded->dir.path() + "/w", .numeric_fields = fields.numeric});
  BOOST_REQUIRE(engine.ok());
  loaded->engine = std::move(engine).value();
  auto reader = CorpusReader::open(corpus, fields);
  BOOST_REQUIRE(reader.ok());
  auto stats = loaded->engine->load(**reader);
  BOOST_REQUIRE_MESSAGE(stats.ok(), stats.status());
  BOOST_TEST(stats->docs > 0u);
  BOOST_TEST(stats->index_bytes > 0u);
  return loaded;
}

std::vector<uint64_t> hits_of(PeerSearcher& searcher, size_t i) {
  auto hits = searcher.hits(i);
  BOOST_REQUIRE_MESSAGE(hits.ok(), hits.status());
  auto count = searcher.search(i);
  BOOST_REQUIRE(count.ok());
  BOOST_TEST(*count == hits->size());
  return *hits;
}

std::set<uint64_t> as_set(const std::vector<uint64_t>& v) {
  return {v.begin(), v.end()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_engine)

BOOST_AUTO_TEST_CASE(and_or_and_phrase_match_the_same_documents_in_every_engine) {
  const std::string queries =
      "and2\tquick fox\nor2\tlazy hunts\nphrase2\tbrown fox\nphrase3\tthe brown fox\n"
      "and1\tnomatch\nor3\tsleeps sleepy nomatch\n";
  const std::vector<std::set<uint64_t>> expected = {{0, 2}, {1, 2}, {0, 3}, {}, {}, {1, 5}};
  for (const char* name : kEngines) {
    BOOST_TEST_CONTEXT(name) {
      auto loaded = load(name, queries);
      auto searcher = loaded->engine->open_searcher(loaded->set.queries);
      BOOST_REQUIRE(searcher.ok());
      for (size_t i = 0; i < expected.size(); ++i) {
        BOOST_TEST((as_set(hits_of(**searcher, i)) == expected[i]), "query " << i);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(bm25_puts_the_short_document_with_more_occurrences_first) {
  for (const char* name : kEngines) {
    BOOST_TEST_CONTEXT(name) {
      auto loaded = load(name, "and1\tfox\n");
      auto searcher = loaded->engine->open_searcher(loaded->set.queries);
      BOOST_REQUIRE(searcher.ok());
      std::vector<uint64_t> hits = hits_of(**searcher, 0);
      BOOST_REQUIRE(hits.size() == 4u);
      BOOST_TEST(hits[0] == 3u);  // "brown fox, brown fox"
      BOOST_TEST(hits[3] == 5u);  // the longest one
    }
  }
}

BOOST_AUTO_TEST_CASE(range_filters_are_inclusive_and_sorting_is_ascending_by_each_key) {
  const std::string queries =
      "and1+filter\tfox\tlength:30..60\t-\nand1+sort\tfox\t-\tbook,verse\n"
      "and1+sort\tdog\t-\t-book,verse\n";
  for (const char* name : kEngines) {
    BOOST_TEST_CONTEXT(name) {
      auto loaded = load(name, queries);
      auto searcher = loaded->engine->open_searcher(loaded->set.queries);
      BOOST_REQUIRE(searcher.ok());
      BOOST_TEST((as_set(hits_of(**searcher, 0)) == std::set<uint64_t>{2, 3, 5}));
      std::vector<uint64_t> by_book_verse = {2, 0, 5, 3};
      BOOST_TEST(hits_of(**searcher, 1) == by_book_verse, boost::test_tools::per_element());
      std::vector<uint64_t> by_book_desc = {5, 2, 1};
      BOOST_TEST(hits_of(**searcher, 2) == by_book_desc, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(words_split_at_apostrophes_and_dots_in_every_engine) {
  const std::string corpus = doc(0, "the workmen's hammer", 1, 1, 1) +
                             doc(1, "the U.S. army", 1, 1, 1) + doc(2, "pi is 3.14", 1, 1, 1);
  const std::string queries = "phrase2\tthe workmen\nand1\tarmy\nphrase2\tu s\nphrase2\t3 14\n";
  for (const char* name : kEngines) {
    BOOST_TEST_CONTEXT(name) {
      auto loaded = load(name, queries, corpus);
      auto searcher = loaded->engine->open_searcher(loaded->set.queries);
      BOOST_REQUIRE(searcher.ok());
      BOOST_TEST((as_set(hits_of(**searcher, 0)) == std::set<uint64_t>{0}));
      BOOST_TEST((as_set(hits_of(**searcher, 1)) == std::set<uint64_t>{1}));
      BOOST_TEST((as_set(hits_of(**searcher, 2)) == std::set<uint64_t>{1}));
      BOOST_TEST((as_set(hits_of(**searcher, 3)) == std::set<uint64_t>{2}));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_query_on_a_field_that_was_not_loaded_is_rejected) {
  for (const char* name : kEngines) {
    BOOST_TEST_CONTEXT(name) {
      auto loaded = load(name, "and1+filter\tfox\tchapter:1..2\t-\n");
      auto searcher = loaded->engine->open_searcher(loaded->set.queries);
      BOOST_REQUIRE(!searcher.ok());
      BOOST_TEST(searcher.status().code() == StatusCode::kInvalidArgument);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_runner_runs_every_query_once_on_two_threads) {
  for (const char* name : kEngines) {
    BOOST_TEST_CONTEXT(name) {
      auto loaded = load(name, "and1\tfox\nand1\tdog\nand1\tnomatch\nor2\tfox dog\n");
      std::vector<std::unique_ptr<PeerSearcher>> searchers;
      for (int t = 0; t < 2; ++t) {
        auto searcher = loaded->engine->open_searcher(loaded->set.queries);
        BOOST_REQUIRE(searcher.ok());
        searchers.push_back(std::move(searcher).value());
      }
      BenchRunner runner(std::move(searchers));
      std::vector<uint32_t> indices;
      for (int repeat = 0; repeat < 50; ++repeat) indices.insert(indices.end(), {0, 1, 2, 3});
      auto run = runner.run(indices);
      BOOST_REQUIRE(run.ok());
      BOOST_TEST(run->hits.size() == indices.size());
      for (size_t k = 0; k < indices.size(); k += 4) {
        BOOST_TEST(run->hits[k] == 4u);
        BOOST_TEST(run->hits[k + 1] == 3u);
        BOOST_TEST(run->hits[k + 2] == 0u);
        BOOST_TEST(run->hits[k + 3] == 5u);
      }
      BOOST_TEST(run->zero_hit() == 50u);
      BOOST_TEST(run->wall_seconds > 0);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_engine_is_an_invalid_argument) {
  TempDir dir;
  auto engine = make_peer_engine("lucene", {.workdir = dir.path(), .numeric_fields = {}});
  BOOST_REQUIRE(!engine.ok());
  BOOST_TEST(engine.status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::perf
