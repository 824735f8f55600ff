#include "perf/queryset/query_generator.h"

#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <set>

#include "perf/common/rng.h"
#include "tests/unit/perf/temp_dir.h"

namespace grove::perf {

namespace {

constexpr int kDocs = 300;

// Two-letter words "aa".."bd" (30 of them), twelve per document, plus "the" everywhere (too
// common for the band) and a "don't" whose "t" must never be drawn.
std::string word(uint64_t i) {
  return {static_cast<char>('a' + i / 26), static_cast<char>('a' + i % 26)};
}

std::vector<std::vector<std::string>> documents() {
  Rng rng(7);
  std::vector<std::vector<std::string>> docs(kDocs);
  for (auto& words : docs) {
    words.push_back("the");
    for (int i = 0; i < 12; ++i) words.push_back(word(rng.below(30)));
  }
  return docs;
}

std::string corpus_text() {
  std::string out;
  auto docs = documents();
  for (size_t d = 0; d < docs.size(); ++d) {
    out += fmt::format(R"({{"put": "id:t:t::{}", "fields": {{"text": "{}. Don't!", "n": {}}}}})"
                       "\n",
                       d, fmt::join(docs[d], " "), d % 17);
  }
  return out;
}

GeneratorOptions options(const std::string& corpus, uint64_t seed) {
  return GeneratorOptions{.corpus_path = corpus,
                          .text_field = "text",
                          .filter_field = "n",
                          .sort_fields = {"n"},
                          .seed = seed,
                          .per_type = 50,
                          .min_df = 5,
                          .max_df_fraction = 0.5};
}

bool contains_phrase(const std::vector<std::string>& words, const std::vector<std::string>& p) {
  for (size_t i = 0; i + p.size() <= words.size(); ++i) {
    if (std::equal(p.begin(), p.end(), words.begin() + static_cast<long>(i))) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(query_generator)

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_file_and_another_seed_another) {
  TempDir dir;
  std::string corpus = dir.write("c.jsonl", corpus_text());
  auto a = generate_query_set(options(corpus, 42));
  auto b = generate_query_set(options(corpus, 42));
  auto c = generate_query_set(options(corpus, 43));
  BOOST_REQUIRE(a.ok() && b.ok() && c.ok());
  BOOST_TEST(format_query_set(*a) == format_query_set(*b));
  BOOST_TEST(format_query_set(*a) != format_query_set(*c));
  BOOST_TEST(a->header_value("seed").value_or("") == "42");
  BOOST_TEST(a->header_value("docs").value_or("") == std::to_string(kDocs));
}

BOOST_AUTO_TEST_CASE(every_type_gets_its_fixed_count_and_parses_back) {
  TempDir dir;
  std::string corpus = dir.write("c.jsonl", corpus_text());
  auto set = generate_query_set(options(corpus, 1));
  BOOST_REQUIRE(set.ok());
  std::vector<std::string> types = {"and1",    "and2",    "and3",        "or2",      "or3",
                                    "phrase2", "phrase3", "and2+filter", "and2+sort"};
  BOOST_TEST(set->types() == types, boost::test_tools::per_element());
  BOOST_TEST(set->queries.size() == 50u * types.size());
  auto back = parse_query_set(format_query_set(*set), "generated");
  BOOST_REQUIRE(back.ok());
  BOOST_TEST((back->queries == set->queries));
}

BOOST_AUTO_TEST_CASE(and_terms_co_occur_in_a_document_and_lie_in_the_band) {
  TempDir dir;
  std::string corpus = dir.write("c.jsonl", corpus_text());
  auto set = generate_query_set(options(corpus, 5));
  BOOST_REQUIRE(set.ok());
  auto docs = documents();
  for (const Query& q : set->queries) {
    if (q.op == QueryOp::kPhrase) continue;
    std::set<std::string> distinct(q.terms.begin(), q.terms.end());
    BOOST_TEST(distinct.size() == q.terms.size());
    for (const std::string& t : q.terms) {
      BOOST_TEST(t != "the");
      BOOST_TEST(t != "t");
      BOOST_TEST(t != "don");
    }
    bool co_occur = std::any_of(docs.begin(), docs.end(), [&](const auto& words) {
      return std::all_of(q.terms.begin(), q.terms.end(), [&](const std::string& t) {
        return std::find(words.begin(), words.end(), t) != words.end();
      });
    });
    BOOST_TEST(co_occur, format_query(q));
  }
}

BOOST_AUTO_TEST_CASE(phrases_are_word_runs_that_occur_in_the_corpus) {
  TempDir dir;
  std::string corpus = dir.write("c.jsonl", corpus_text());
  auto set = generate_query_set(options(corpus, 9));
  BOOST_REQUIRE(set.ok());
  auto docs = documents();
  size_t phrases = 0;
  for (const Query& q : set->queries) {
    if (q.op != QueryOp::kPhrase) continue;
    ++phrases;
    bool found = std::any_of(docs.begin(), docs.end(),
                             [&](const auto& words) { return contains_phrase(words, q.terms); });
    BOOST_TEST(found, format_query(q));
  }
  BOOST_TEST(phrases == 100u);
}

BOOST_AUTO_TEST_CASE(filters_cover_their_source_document_and_sorts_use_the_fields) {
  TempDir dir;
  std::string corpus = dir.write("c.jsonl", corpus_text());
  auto set = generate_query_set(options(corpus, 11));
  BOOST_REQUIRE(set.ok());
  auto docs = documents();
  for (const Query& q : set->queries) {
    if (!q.sort.empty()) BOOST_TEST(q.sort[0].field == "n");
    if (!q.filter) continue;
    BOOST_TEST(q.filter->lo <= q.filter->hi);
    bool matched = false;
    for (size_t d = 0; d < docs.size() && !matched; ++d) {
      int64_t n = static_cast<int64_t>(d % 17);
      matched = n >= q.filter->lo && n <= q.filter->hi &&
                std::all_of(q.terms.begin(), q.terms.end(), [&](const std::string& t) {
                  return std::find(docs[d].begin(), docs[d].end(), t) != docs[d].end();
                });
    }
    BOOST_TEST(matched, format_query(q));
  }
}

BOOST_AUTO_TEST_CASE(a_corpus_too_small_for_a_type_skips_it_and_says_so) {
  TempDir dir;
  std::string corpus = dir.write("c.jsonl", R"({"put": "id:t:t::1", "fields": {"text": "alpha"}})"
                                            "\n");
  GeneratorOptions o = options(corpus, 1);
  o.filter_field.clear();
  o.sort_fields.clear();
  o.per_type = 3;
  o.min_df = 1;
  o.max_df_fraction = 1.0;
  auto set = generate_query_set(o);
  BOOST_REQUIRE_MESSAGE(set.ok(), set.status());
  std::vector<std::string> types = {"and1"};
  BOOST_TEST(set->types() == types, boost::test_tools::per_element());
  BOOST_TEST(set->header_value("skipped").value_or("") == "and2,and3,or2,or3,phrase2,phrase3");
}

BOOST_AUTO_TEST_CASE(bad_options_are_invalid_arguments) {
  BOOST_TEST(!generate_query_set(GeneratorOptions{}).ok());
  TempDir dir;
  std::string corpus = dir.write("c.jsonl", corpus_text());
  GeneratorOptions o = options(corpus, 1);
  o.max_df_fraction = 0;
  BOOST_TEST(!generate_query_set(o).ok());
  o = options(corpus, 1);
  o.filter_field = "missing";
  BOOST_TEST(!generate_query_set(o).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::perf
