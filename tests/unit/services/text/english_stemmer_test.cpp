#include "services/text/english_stemmer.h"

#include <libstemmer.h>
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

namespace grove::text {

namespace {

// libstemmer called directly, without the cache.
std::string reference_stem(sb_stemmer* stemmer, const std::string& word) {
  const sb_symbol* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                         static_cast<int>(word.size()));
  return std::string(reinterpret_cast<const char*>(out), sb_stemmer_length(stemmer));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(english_stemmer)

BOOST_AUTO_TEST_CASE(stems_follow_snowball_english) {
  EnglishStemmer stemmer;
  BOOST_TEST(stemmer.stem("running") == "run");
  BOOST_TEST(stemmer.stem("dictionaries") == "dictionari");
  BOOST_TEST(stemmer.stem("generously") == "generous");
  BOOST_TEST(stemmer.stem("is") == "is");
  BOOST_TEST(stemmer.stem("") == "");
  BOOST_TEST(stemmer.stem("internationalizations") == "internation");
}

BOOST_AUTO_TEST_CASE(cached_stems_equal_libstemmer_for_many_words) {
  sb_stemmer* reference = sb_stemmer_new("english", nullptr);
  BOOST_REQUIRE(reference != nullptr);
  EnglishStemmer stemmer;
  const char* suffixes[] = {"", "s", "ing", "ed", "ly", "ies", "ation", "ness", "ful", "ational"};
  std::mt19937 rng(1);
  for (int i = 0; i < 50000; ++i) {
    std::string word;
    size_t length = 1 + rng() % 30;  // some longer than the cached limit
    for (size_t j = 0; j < length; ++j) word += static_cast<char>('a' + rng() % 6);
    word += suffixes[rng() % std::size(suffixes)];
    // Each word twice: once filling the cache, once hitting it (unless evicted in between).
    BOOST_TEST_REQUIRE(std::string(stemmer.stem(word)) == reference_stem(reference, word), word);
    BOOST_TEST_REQUIRE(std::string(stemmer.stem(word)) == reference_stem(reference, word), word);
  }
  sb_stemmer_delete(reference);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::text
