#include "perf/common/corpus_reader.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/perf/temp_dir.h"

namespace grove::perf {

BOOST_AUTO_TEST_SUITE(corpus_reader)

BOOST_AUTO_TEST_CASE(reads_id_text_and_numbers_of_every_line) {
  TempDir dir;
  std::string path = dir.write(
      "c.jsonl",
      R"({"put": "id:kjv:verse::a", "fields": {"book": "Genesis", "book_number": 1, "text": "In the \"beginning\"", "verse": 1}})"
      "\n\n"
      R"({"fields": {"verse": 2, "text": "And", "book_number": 1}, "put": "id:kjv:verse::b"})"
      "\n");
  auto reader = CorpusReader::open(path, {.text = {"text"}, .numeric = {"verse", "book_number"}});
  BOOST_REQUIRE(reader.ok());
  auto first = (*reader)->next();
  BOOST_REQUIRE(first.ok() && *first != nullptr);
  BOOST_TEST((*first)->ordinal == 0u);
  BOOST_TEST((*first)->id == "id:kjv:verse::a");
  BOOST_TEST((*first)->texts[0] == "In the \"beginning\"");
  BOOST_TEST((*first)->numbers[0] == 1);
  BOOST_TEST((*first)->numbers[1] == 1);
  auto second = (*reader)->next();
  BOOST_REQUIRE(second.ok() && *second != nullptr);
  BOOST_TEST((*second)->ordinal == 1u);
  BOOST_TEST((*second)->id == "id:kjv:verse::b");
  BOOST_TEST((*second)->numbers[0] == 2);
  auto end = (*reader)->next();
  BOOST_REQUIRE(end.ok());
  BOOST_TEST(*end == nullptr);
}

BOOST_AUTO_TEST_CASE(rewind_starts_again_at_the_first_document) {
  TempDir dir;
  std::string path = dir.write("c.jsonl", R"({"put": "id:a:b::1", "fields": {"text": "x"}})"
                                          "\n"
                                          R"({"put": "id:a:b::2", "fields": {"text": "y"}})");
  auto reader = CorpusReader::open(path, {.text = {"text"}, .numeric = {}});
  BOOST_REQUIRE(reader.ok());
  BOOST_REQUIRE((*reader)->next().ok());
  BOOST_REQUIRE((*reader)->next().ok());
  BOOST_REQUIRE((*reader)->rewind().ok());
  auto doc = (*reader)->next();
  BOOST_REQUIRE(doc.ok() && *doc != nullptr);
  BOOST_TEST((*doc)->ordinal == 0u);
  BOOST_TEST((*doc)->texts[0] == "x");
}

BOOST_AUTO_TEST_CASE(string_arrays_are_joined_and_missing_text_is_empty) {
  TempDir dir;
  std::string path =
      dir.write("c.jsonl", R"({"put": "id:a:b::1", "fields": {"headwords": ["a", "b c"]}})");
  auto reader = CorpusReader::open(path, {.text = {"headwords", "text"}, .numeric = {}});
  BOOST_REQUIRE(reader.ok());
  auto doc = (*reader)->next();
  BOOST_REQUIRE(doc.ok() && *doc != nullptr);
  BOOST_TEST((*doc)->texts[0] == "a\nb c");
  BOOST_TEST((*doc)->texts[1] == "");
}

BOOST_AUTO_TEST_CASE(a_field_asked_for_twice_is_given_twice) {
  TempDir dir;
  std::string path = dir.write("c.jsonl", R"({"put": "id:a:b::1", "fields": {"n": 5, "t": "x"}})");
  auto reader = CorpusReader::open(path, {.text = {"t", "t"}, .numeric = {"n", "n"}});
  BOOST_REQUIRE(reader.ok());
  auto doc = (*reader)->next();
  BOOST_REQUIRE_MESSAGE(doc.ok(), doc.status());
  BOOST_REQUIRE(*doc != nullptr);
  BOOST_TEST((*doc)->texts[1] == "x");
  BOOST_TEST((*doc)->numbers[0] == 5);
  BOOST_TEST((*doc)->numbers[1] == 5);
}

BOOST_AUTO_TEST_CASE(a_missing_numeric_field_is_an_error_with_file_and_line) {
  TempDir dir;
  std::string path = dir.write("c.jsonl", R"({"put": "id:a:b::1", "fields": {"text": "x"}})");
  auto reader = CorpusReader::open(path, {.text = {"text"}, .numeric = {"length"}});
  BOOST_REQUIRE(reader.ok());
  auto doc = (*reader)->next();
  BOOST_REQUIRE(!doc.ok());
  BOOST_TEST(doc.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(doc.status().message().find("c.jsonl:1:") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(broken_json_is_an_error_not_a_crash) {
  TempDir dir;
  std::string path = dir.write("c.jsonl", "{\"put\": \"id:a:b::1\", \"fields\": {\"text\": \n");
  auto reader = CorpusReader::open(path, {.text = {"text"}, .numeric = {}});
  BOOST_REQUIRE(reader.ok());
  BOOST_TEST(!(*reader)->next().ok());
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_io_error) {
  auto reader = CorpusReader::open("/nonexistent/corpus.jsonl", {});
  BOOST_REQUIRE(!reader.ok());
  BOOST_TEST(reader.status().code() == StatusCode::kIoError);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::perf
