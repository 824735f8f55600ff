#include "services/document/document_update.h"

#include <boost/test/unit_test.hpp>

#include "services/document/document_json.h"
#include "services/document/document_json_parser.h"
#include "tests/unit/services/document/test_types.h"

namespace grove::document {

using namespace testing;

namespace {

constexpr const char* kId = "id:ns:music::song-1";

Document make_doc(std::string_view fields) {
  DocumentJsonParser parser;
  auto doc = parser.parse_fields(music(), id(kId), fields);
  BOOST_REQUIRE_MESSAGE(doc.ok(), doc.status().to_string());
  return std::move(doc).value();
}

Result<DocumentUpdate> parse_update(std::string_view fields) {
  DocumentJsonParser parser;
  return parser.parse_update(music(), id(kId), fields);
}

// Applies the update JSON to a document made from `before` and returns its fields as JSON.
std::string apply(std::string_view before, std::string_view update_json) {
  Document doc = make_doc(before);
  auto update = parse_update(update_json);
  BOOST_REQUIRE_MESSAGE(update.ok(), update.status().to_string());
  Status s = update->apply(doc);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string());
  JsonWriter w;
  write_fields(doc, w);
  return std::move(w).take();
}

std::string parse_error(std::string_view update_json) {
  auto update = parse_update(update_json);
  BOOST_REQUIRE_MESSAGE(!update.ok(), "expected an error for " << update_json);
  BOOST_TEST(update.status().code() == StatusCode::kInvalidArgument);
  return update.status().message();
}

std::string apply_error(std::string_view before, std::string_view update_json) {
  Document doc = make_doc(before);
  Document original = doc;
  auto update = parse_update(update_json);
  BOOST_REQUIRE_MESSAGE(update.ok(), update.status().to_string());
  Status s = update->apply(doc);
  BOOST_REQUIRE_MESSAGE(!s.ok(), "expected an error for " << update_json);
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST((doc == original), "a failed update must leave the document unchanged");
  return s.message();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_update)

BOOST_AUTO_TEST_CASE(assign_sets_any_field_and_null_clears_it) {
  BOOST_TEST(
      apply(R"({"title": "a", "year": 1})",
            R"({"title": {"assign": "b"}, "tags": {"assign": ["x"]}, "year": {"assign": null}})") ==
      R"({"title":"b","tags":["x"]})");
}

BOOST_AUTO_TEST_CASE(add_appends_to_arrays_and_sets_weights_in_weighted_sets) {
  BOOST_TEST(apply(R"({"tags": ["a"]})", R"({"tags": {"add": ["b", "a"]}})") ==
             R"({"tags":["a","b","a"]})");
  BOOST_TEST(apply(R"({"genres": {"rock": 1, "pop": 2}})",
                   R"({"genres": {"add": {"pop": 7, "jazz": 3}}})") ==
             R"({"genres":{"jazz":3,"pop":7,"rock":1}})");
  BOOST_TEST(apply("{}", R"({"years": {"add": [1]}, "genres": {"add": {"x": 1}}})") ==
             R"({"years":[1],"genres":{"x":1}})");
}

BOOST_AUTO_TEST_CASE(remove_drops_array_elements_and_weighted_set_keys) {
  BOOST_TEST(apply(R"({"tags": ["a", "b", "a", "c"]})", R"({"tags": {"remove": ["a", "zz"]}})") ==
             R"({"tags":["b","c"]})");
  BOOST_TEST(apply(R"({"genres": {"rock": 1, "pop": 2}})",
                   R"({"genres": {"remove": {"rock": 0}}})") == R"({"genres":{"pop":2}})");
  BOOST_TEST(apply(R"({"genres": {"rock": 1, "pop": 2}})",
                   R"({"genres": {"remove": ["pop", "none"]}})") == R"({"genres":{"rock":1}})");
  BOOST_TEST(apply("{}", R"({"tags": {"remove": ["a"]}})") == "{}");
}

BOOST_AUTO_TEST_CASE(arithmetic_works_on_every_numeric_type) {
  BOOST_TEST(apply(R"({"year": 10})", R"({"year": {"increment": 5}})") == R"({"year":15})");
  BOOST_TEST(apply(R"({"year": 10})", R"({"year": {"decrement": 15}})") == R"({"year":-5})");
  BOOST_TEST(apply(R"({"duration": 7})", R"({"duration": {"divide": 2}})") == R"({"duration":3})");
  BOOST_TEST(apply(R"({"duration": -7})", R"({"duration": {"divide": 2}})") ==
             R"({"duration":-3})");
  BOOST_TEST(apply(R"({"level": 3})", R"({"level": {"multiply": 1.5}})") == R"({"level":4})");
  BOOST_TEST(apply(R"({"score": 1.5})", R"({"score": {"multiply": 3}})") == R"({"score":4.5})");
  BOOST_TEST(apply(R"({"rating": 1})", R"({"rating": {"divide": 4}})") == R"({"rating":0.25})");
  BOOST_TEST(apply("{}", R"({"year": {"increment": 2}})") ==
             R"({"year":2})");  // missing counts as 0
}

BOOST_AUTO_TEST_CASE(operations_apply_in_order_and_see_each_other) {
  BOOST_TEST(apply(R"({"year": 1})", R"({"year": {"increment": 2, "multiply": 10}})") ==
             R"({"year":30})");
}

BOOST_AUTO_TEST_CASE(division_by_zero_is_invalid_and_changes_nothing) {
  BOOST_TEST(apply_error(R"({"year": 1, "title": "t"})",
                         R"({"title": {"assign": "u"}, "year": {"divide": 0}})") ==
             "divide of field 'year' by zero");
  BOOST_TEST(apply_error(R"({"score": 1})", R"({"score": {"divide": 0.0}})") ==
             "divide of field 'score' by zero");
}

BOOST_AUTO_TEST_CASE(results_out_of_the_field_range_are_invalid) {
  BOOST_TEST(apply_error(R"({"level": 100})", R"({"level": {"increment": 28}})") ==
             "increment of field 'level' gives 128, out of range for byte");
  BOOST_TEST(contains(
      apply_error(R"({"duration": 9223372036854775807})", R"({"duration": {"increment": 1}})"),
      "out of range for long"));
  BOOST_TEST(contains(apply_error(R"({"rating": 3e38})", R"({"rating": {"multiply": 10}})"),
                      "out of range for float"));
}

BOOST_AUTO_TEST_CASE(operations_that_do_not_fit_the_field_are_rejected_when_parsed) {
  BOOST_TEST(parse_error(R"({"title": {"increment": 1}})") ==
             "increment applies to numeric fields, but field 'title' is string");
  BOOST_TEST(parse_error(R"({"year": {"add": [1]}})") ==
             "add applies to array and weighted set fields, but field 'year' is int");
  BOOST_TEST(parse_error(R"({"year": {"increment": "1"}})") ==
             R"(increment of field 'year' needs a number but got string "1")");
  BOOST_TEST(parse_error(R"({"year": {"assign": "x"}})") ==
             R"(field 'year' is int but got string "x")");
  BOOST_TEST(contains(parse_error(R"({"year": {"set": 1}})"),
                      "unknown update operation 'set' for field 'year'"));
  BOOST_TEST(
      parse_error(R"({"year": 5})") ==
      R"(update of field 'year' must be an object such as {"assign": value} but got number 5)");
  BOOST_TEST(parse_error(R"({"year": {}})") == "update of field 'year' has no operation");
  BOOST_TEST(contains(parse_error(R"({"nope": {"assign": 1}})"), "unknown field 'nope'"));
}

BOOST_AUTO_TEST_CASE(apply_checks_updates_built_in_code) {
  Document doc = make_doc(R"({"title": "t"})");
  DocumentUpdate update(music(), id(kId));
  update.add(*music().find("title"), UpdateOp::kIncrement, FieldValue::of_long(1));
  Status s = update.apply(doc);
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.message() == "increment applies to numeric fields, but field 'title' is string");
}

BOOST_AUTO_TEST_CASE(an_update_of_another_document_does_not_apply) {
  Document doc = make_doc("{}");
  DocumentUpdate update(music(), id("id:ns:music::other"));
  BOOST_TEST(update.apply(doc).code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(create_is_the_callers_choice_of_an_empty_document) {
  auto update = parse_update(R"({"year": {"increment": 1}, "tags": {"add": ["new"]}})");
  BOOST_REQUIRE(update.ok());
  Document fresh(music(), id(kId));
  BOOST_REQUIRE(update->apply(fresh).ok());
  BOOST_TEST(fresh.get("year")->as_int() == 1);
  BOOST_TEST(fresh.get("tags")->as_array<std::string>().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::document
