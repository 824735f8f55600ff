#include "services/document/selection.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/services/document/test_types.h"

namespace grove::document {
namespace {

using testing::contains;
using testing::music;
using testing::repo;

Document song() {
  Document doc(music(), testing::id("id:ns:music::1"));
  doc.set(*music().find("title"), FieldValue::of_string("Yellow"));
  doc.set(*music().find("artist"), FieldValue::of_string("Coldplay"));
  doc.set(*music().find("year"), FieldValue::of_int(2000));
  doc.set(*music().find("score"), FieldValue::of_double(4.5));
  doc.set(*music().find("live"), FieldValue::of_bool(false));
  doc.set(*music().find("tags"), FieldValue::of_array(std::vector<std::string>{"rock", "brit"}));
  doc.set(*music().find("years"), FieldValue::of_array(std::vector<int32_t>{1999, 2001}));
  doc.set(*music().find("genres"), FieldValue::of_weighted_set({{"pop", 3}, {"indie", 1}}));
  return doc;
}

SelectionValue eval(std::string_view text, const Document& doc = song()) {
  auto s = DocumentSelection::parse(text);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.status().to_string());
  BOOST_REQUIRE_MESSAGE(s->validate(repo()).ok(), s->validate(repo()).to_string());
  return s->evaluate(doc);
}

bool matches(std::string_view text) { return eval(text) == SelectionValue::kTrue; }

Status parse_error(std::string_view text) {
  auto s = DocumentSelection::parse(text);
  BOOST_REQUIRE_MESSAGE(!s.ok(), std::string(text) + " parsed");
  return s.status();
}

Status validate_error(std::string_view text) {
  auto s = DocumentSelection::parse(text);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.status().to_string());
  return s->validate(repo());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(selection)

BOOST_AUTO_TEST_CASE(comparisons_of_numbers_strings_and_booleans) {
  BOOST_TEST(matches("music.year == 2000"));
  BOOST_TEST(matches("music.year >= 2000 and music.year <= 2000"));
  BOOST_TEST(!matches("music.year > 2000"));
  BOOST_TEST(matches("music.year < 2000.5"));
  BOOST_TEST(matches("music.score > 4"));
  BOOST_TEST(matches("music.score != -1e3"));
  BOOST_TEST(matches("music.title == \"Yellow\""));
  BOOST_TEST(matches("music.title != 'yellow'"));
  BOOST_TEST(matches("music.title < \"Z\""));
  BOOST_TEST(matches("music.live == false"));
  BOOST_TEST(!matches("music.live == true"));
}

BOOST_AUTO_TEST_CASE(glob_matches_stars_and_question_marks) {
  BOOST_TEST(matches("music.artist = \"Cold*\""));
  BOOST_TEST(matches("music.artist = \"*play\""));
  BOOST_TEST(matches("music.artist = \"C?ldpl?y\""));
  BOOST_TEST(!matches("music.artist = \"Cold\""));
  BOOST_TEST(glob_match("*", ""));
  BOOST_TEST(glob_match("a*b*c", "aXXbYc"));
  BOOST_TEST(!glob_match("a*b", "ac"));
}

BOOST_AUTO_TEST_CASE(boolean_operators_parentheses_and_constants) {
  BOOST_TEST(matches("music.year == 1 or music.year == 2000"));
  BOOST_TEST(!matches("music.year == 2000 and music.title == \"x\""));
  BOOST_TEST(matches("not (music.year == 1 or music.title == \"x\")"));
  BOOST_TEST(matches("true"));
  BOOST_TEST(!matches("false or (false and true)"));
  BOOST_TEST(matches("music"));
  BOOST_TEST(!matches("books"));
  BOOST_TEST(matches("music AND NOT music.year < 1990"));
}

BOOST_AUTO_TEST_CASE(a_missing_field_equals_null_and_nothing_else) {
  BOOST_TEST(matches("music.duration == null"));
  BOOST_TEST(!matches("music.year == null"));
  BOOST_TEST(matches("music.year != null"));
  BOOST_TEST(matches("not music.duration"));
  BOOST_TEST(matches("music.title"));
  // A comparison with a missing field is invalid, and so is its negation: neither matches.
  BOOST_TEST((eval("music.duration > 3") == SelectionValue::kInvalid));
  BOOST_TEST((eval("not music.duration == 3") == SelectionValue::kInvalid));
  BOOST_TEST(matches("music.duration == 3 or true"));
  BOOST_TEST(!matches("music.duration == 3 and true"));
  BOOST_TEST(!matches("music.duration == 3 and false"));
  BOOST_TEST((eval("music.duration == 3 and false") == SelectionValue::kFalse));
}

BOOST_AUTO_TEST_CASE(collections_match_when_any_element_does) {
  BOOST_TEST(matches("music.tags == \"brit\""));
  BOOST_TEST(matches("music.tags = \"ro*\""));
  BOOST_TEST(!matches("music.tags == \"jazz\""));
  BOOST_TEST(matches("music.tags != \"jazz\""));
  BOOST_TEST(!matches("music.tags != \"rock\""));
  BOOST_TEST(matches("music.years > 2000"));
  BOOST_TEST(matches("music.genres == \"indie\""));
}

BOOST_AUTO_TEST_CASE(a_document_of_another_type_does_not_match_its_fields) {
  Document book(*repo().find("books"), testing::id("id:ns:books::1"));
  book.set(*repo().find("books")->find("year"), FieldValue::of_int(2000));
  BOOST_TEST((eval("music.year == 2000", book) == SelectionValue::kInvalid));
  BOOST_TEST((eval("books.year == 2000", book) == SelectionValue::kTrue));
  BOOST_TEST((eval("music", book) == SelectionValue::kFalse));
}

BOOST_AUTO_TEST_CASE(parse_errors_name_the_position) {
  Status s = parse_error("music.year > (3");
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(s.message(), "at position 14"), s.message());
  s = parse_error("(music.year > 3");
  BOOST_TEST(contains(s.message(), "expected ')' at position 16"), s.message());
  s = parse_error("music.title == \"open");
  BOOST_TEST(contains(s.message(), "unterminated string at position 16"), s.message());
  s = parse_error("music.year > 3 music");
  BOOST_TEST(contains(s.message(), "at position 16"), s.message());
  s = parse_error("music.year # 3");
  BOOST_TEST(contains(s.message(), "unexpected character '#' at position 12"), s.message());
  s = parse_error("");
  BOOST_TEST(contains(s.message(), "expected a selection at position 1"), s.message());
  s = parse_error("music.year == 3x");
  BOOST_TEST(contains(s.message(), "malformed number '3x'"), s.message());
  s = parse_error("music.a.b == 1");
  BOOST_TEST(contains(s.message(), "not supported"), s.message());
  BOOST_TEST(parse_error(std::string(100, '(') + "true" + std::string(100, ')')).code() ==
             StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(validation_names_unknown_types_fields_and_type_mismatches) {
  Status s = validate_error("movies.year == 1");
  BOOST_TEST(contains(s.message(), "unknown document type 'movies'"), s.message());
  s = validate_error("music.yaer == 1");
  BOOST_TEST(contains(s.message(), "has no field 'yaer' at position 1"), s.message());
  s = validate_error("music.year == \"x\"");
  BOOST_TEST(contains(s.message(), "'music.year' is int and cannot be compared with a string"),
             s.message());
  s = validate_error("music.live < true");
  BOOST_TEST(contains(s.message(), "has no order"), s.message());
  BOOST_TEST(validate_error("music.year == null or music.title = \"a*\"").ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::document
