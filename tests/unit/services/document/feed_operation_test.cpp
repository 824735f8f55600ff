#include "services/document/feed_operation.h"

#include <boost/test/unit_test.hpp>

#include "services/document/document_json_parser.h"
#include "tests/unit/services/document/test_types.h"

namespace grove::document {

using namespace testing;

namespace {

Result<FeedOperation> parse(std::string_view json, size_t limit = kDefaultMaxDocumentBytes) {
  DocumentJsonParser parser(limit);
  return parser.parse_operation(repo(), json);
}

std::string error_of(std::string_view json, size_t limit = kDefaultMaxDocumentBytes) {
  auto op = parse(json, limit);
  BOOST_REQUIRE_MESSAGE(!op.ok(), "expected an error for " << json);
  BOOST_TEST(op.status().code() == StatusCode::kInvalidArgument);
  return op.status().message();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feed_operation)

BOOST_AUTO_TEST_CASE(put_carries_the_document_and_condition) {
  auto op = parse(
      R"({"put": "id:ns:music::1", "fields": {"title": "x"}, "condition": "music.year > 1"})");
  BOOST_REQUIRE_MESSAGE(op.ok(), op.status().to_string());
  BOOST_TEST(op->kind == FeedOperation::kPut);
  BOOST_TEST(op->id.str() == "id:ns:music::1");
  BOOST_TEST(op->type == &music());
  BOOST_REQUIRE(op->document.has_value());
  BOOST_TEST(op->document->get("title")->as_string() == "x");
  BOOST_TEST(op->condition == "music.year > 1");
  BOOST_TEST(!op->create);
}

BOOST_AUTO_TEST_CASE(id_form_is_a_put) {
  auto op = parse(R"({"id": "id:ns:books::1", "fields": {"year": 3}})");
  BOOST_REQUIRE_MESSAGE(op.ok(), op.status().to_string());
  BOOST_TEST(op->kind == FeedOperation::kPut);
  BOOST_TEST(op->type->name() == "books");
  BOOST_TEST(op->document->get("year")->as_int() == 3);
}

BOOST_AUTO_TEST_CASE(update_carries_field_updates_and_create) {
  auto op =
      parse(R"({"update": "id:ns:music::1", "create": true, "fields": {"year": {"assign": 5}}})");
  BOOST_REQUIRE_MESSAGE(op.ok(), op.status().to_string());
  BOOST_TEST(op->kind == FeedOperation::kUpdate);
  BOOST_TEST(op->create);
  BOOST_REQUIRE(op->update.has_value());
  BOOST_REQUIRE_EQUAL(op->update->updates().size(), 1u);
  BOOST_TEST(op->update->updates()[0].field->name == "year");
  BOOST_TEST((op->update->updates()[0].op == UpdateOp::kAssign));
}

BOOST_AUTO_TEST_CASE(remove_has_only_an_id_and_condition) {
  auto op = parse(R"({"remove": "id:ns:music:n=5:1", "condition": "c"})");
  BOOST_REQUIRE_MESSAGE(op.ok(), op.status().to_string());
  BOOST_TEST(op->kind == FeedOperation::kRemove);
  BOOST_TEST(!op->document.has_value());
  BOOST_TEST(!op->update.has_value());
  BOOST_TEST(op->condition == "c");
  BOOST_TEST(error_of(R"({"remove": "id:ns:music::1", "fields": {}})") ==
             "a remove takes no 'fields'");
}

BOOST_AUTO_TEST_CASE(malformed_json_is_reported_with_the_byte_offset) {
  BOOST_TEST(error_of(R"({"put": "id:ns:music::1", "fields": {"a": 1 "b": 2}})") ==
             "malformed JSON at byte 44: expected ',' or '}'");
  BOOST_TEST(error_of(R"({"put": "id:ns:music::1")") ==
             "malformed JSON at byte 24: unexpected end of input, expected ',' or '}'");
  BOOST_TEST(error_of("") == "malformed JSON at byte 0: unexpected end of input, expected a value");
  BOOST_TEST(error_of(R"({"put": tru})") ==
             "malformed JSON at byte 8: invalid literal, expected 'true'");
  BOOST_TEST(error_of("{\"put\": \"\xff\"}") ==
             "malformed JSON at byte 9: invalid UTF-8 in a string");
  BOOST_TEST(error_of(R"({"a": 1e999})") == "malformed JSON at byte 6: number out of range");
  BOOST_TEST(error_of("{} x") == "malformed JSON at byte 3: unexpected text after the JSON value");
}

BOOST_AUTO_TEST_CASE(document_id_errors_come_from_the_id_parser) {
  BOOST_TEST(contains(error_of(R"({"put": "doc:ns:music:1"})"), "does not start with 'id:'"));
  BOOST_TEST(error_of(R"({"put": 5})") == "'put' must be a document id string but got number 5");
}

BOOST_AUTO_TEST_CASE(unknown_document_type_lists_the_known_ones) {
  BOOST_TEST(
      error_of(R"({"put": "id:ns:video::1", "fields": {}})") ==
      R"(unknown document type 'video' in document id "id:ns:video::1" (known types: music, books))");
}

BOOST_AUTO_TEST_CASE(structural_mistakes_are_named) {
  BOOST_TEST(
      contains(error_of(R"({"put": "id:ns:music::1", "feilds": {}})"), "unknown key 'feilds'"));
  BOOST_TEST(error_of(R"({"fields": {}})") ==
             "feed operation has no document id ('put', 'update', 'remove' or 'id')");
  BOOST_TEST(error_of(R"({"put": "id:ns:music::1", "remove": "id:ns:music::1"})") ==
             "feed operation has both 'put' and 'remove'");
  BOOST_TEST(error_of(R"({"put": "id:ns:music::1", "create": true})") ==
             "'create' applies only to updates, not to a put");
  BOOST_TEST(error_of(R"({"update": "id:ns:music::1", "create": 1})") ==
             "'create' must be true or false but got number 1");
  BOOST_TEST(error_of("[1]") == "a feed operation must be an object but got an array");
}

BOOST_AUTO_TEST_CASE(field_errors_pass_through) {
  BOOST_TEST(error_of(R"({"put": "id:ns:music::1", "fields": {"year": "abc"}})") ==
             R"(field 'year' is int but got string "abc")");
}

BOOST_AUTO_TEST_CASE(documents_over_the_size_limit_are_rejected_with_both_sizes) {
  std::string json =
      R"({"put": "id:ns:music::1", "fields": {"title": ")" + std::string(2000, 'x') + "\"}}";
  BOOST_TEST(parse(json, 4096).ok());
  BOOST_TEST(error_of(json, 1000) == "document JSON is " + std::to_string(json.size()) +
                                         " bytes, over the limit of 1000 bytes");
}

BOOST_AUTO_TEST_CASE(default_limit_is_ten_mebibytes) {
  std::string big = R"({"put": "id:ns:music::1", "fields": {"title": ")" +
                    std::string(kDefaultMaxDocumentBytes, 'x') + "\"}}";
  BOOST_TEST(contains(error_of(big), "over the limit of 10485760 bytes"));
}

BOOST_AUTO_TEST_CASE(a_parser_is_reusable_after_errors) {
  DocumentJsonParser parser;
  BOOST_TEST(!parser.parse_operation(repo(), "{").ok());
  auto op = parser.parse_operation(repo(), R"({"put": "id:ns:music::1", "fields": {"year": 1}})");
  BOOST_REQUIRE(op.ok());
  BOOST_TEST(op->document->get("year")->as_int() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::document
