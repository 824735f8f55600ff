#include "services/document/feed_envelope.h"

#include <boost/test/unit_test.hpp>

#include <string>

namespace grove::document {

namespace {

// Parses `json` with a parser that outlives the envelope (its views point into the parser).
struct Reader {
  Result<FeedEnvelope> read(const std::string& json) {
    simdjson::dom::element root;
    BOOST_REQUIRE_MESSAGE(!parser.parse(json).get(root), "not JSON: " << json);
    return read_feed_envelope(root);
  }
  std::string error_of(const std::string& json) {
    Result<FeedEnvelope> envelope = read(json);
    BOOST_REQUIRE_MESSAGE(!envelope.ok(), "expected an error for " << json);
    BOOST_TEST((envelope.status().code() == StatusCode::kInvalidArgument));
    return envelope.status().message();
  }
  simdjson::dom::parser parser;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(feed_envelope)

BOOST_AUTO_TEST_CASE(a_put_gives_its_id_fields_condition_and_create_as_written) {
  Reader r;
  auto e = r.read(R"({"put": "id:ns:t::a b", "fields": {"f": [1, 2]}, "condition": "t.f > 1",
                      "create": true})");
  BOOST_REQUIRE_MESSAGE(e.ok(), e.status().to_string());
  BOOST_TEST((e->kind == FeedEnvelope::kPut));
  BOOST_TEST(e->id_key == "put");
  BOOST_TEST(e->id == "id:ns:t::a b");
  BOOST_REQUIRE(e->fields.has_value());
  BOOST_TEST(simdjson::minify(*e->fields) == R"({"f":[1,2]})");
  BOOST_TEST(e->condition.value_or("") == "t.f > 1");
  BOOST_TEST(e->create.value_or(false));
}

BOOST_AUTO_TEST_CASE(absent_keys_are_absent_and_the_id_form_is_a_put) {
  Reader r;
  auto e = r.read(R"({"id": "id:ns:t::a"})");
  BOOST_REQUIRE(e.ok());
  BOOST_TEST((e->kind == FeedEnvelope::kPut));
  BOOST_TEST(e->id_key == "id");
  BOOST_TEST(!e->fields.has_value());
  BOOST_TEST(!e->condition.has_value());
  BOOST_TEST(!e->create.has_value());
  auto update = r.read(R"({"update": "id:ns:t::a", "create": false})");
  BOOST_REQUIRE(update.ok());
  BOOST_TEST((update->kind == FeedEnvelope::kUpdate));
  BOOST_TEST(update->create.has_value());
  BOOST_TEST(feed_kind_name(update->kind) == "update");
}

BOOST_AUTO_TEST_CASE(the_id_is_not_parsed_here) {
  Reader r;
  auto e = r.read(R"({"remove": "not an id"})");
  BOOST_REQUIRE(e.ok());
  BOOST_TEST((e->kind == FeedEnvelope::kRemove));
  BOOST_TEST(e->id == "not an id");
}

BOOST_AUTO_TEST_CASE(shape_and_key_errors_are_named) {
  Reader r;
  BOOST_TEST(r.error_of("[1]") == "a feed operation must be an object but got an array");
  BOOST_TEST(r.error_of(R"({"fields": {}})") ==
             "feed operation has no document id ('put', 'update', 'remove' or 'id')");
  BOOST_TEST(r.error_of(R"({"id": "id:ns:t::a", "update": "id:ns:t::a"})") ==
             "feed operation has both 'id' and 'update'");
  BOOST_TEST(r.error_of(R"({"put": "id:ns:t::a", "colour": 1})") ==
             "unknown key 'colour' in feed operation (expected put, update, remove, id, fields, "
             "condition, create)");
}

BOOST_AUTO_TEST_CASE(wrong_value_types_say_what_was_given) {
  Reader r;
  BOOST_TEST(r.error_of(R"({"remove": 5})") ==
             "'remove' must be a document id string but got number 5");
  BOOST_TEST(r.error_of(R"({"put": "id:ns:t::a", "fields": [1]})") ==
             "'fields' must be an object but got an array");
  BOOST_TEST(r.error_of(R"({"put": "id:ns:t::a", "condition": 1})") ==
             "'condition' must be a string but got number 1");
  BOOST_TEST(r.error_of(R"({"put": "id:ns:t::a", "create": "yes"})") ==
             R"('create' must be true or false but got string "yes")");
}

BOOST_AUTO_TEST_CASE(a_remove_takes_neither_fields_nor_create) {
  Reader r;
  BOOST_TEST(r.error_of(R"({"remove": "id:ns:t::a", "fields": {}})") ==
             "a remove takes no 'fields'");
  BOOST_TEST(r.error_of(R"({"remove": "id:ns:t::a", "create": true})") ==
             "a remove takes no 'create'");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::document
